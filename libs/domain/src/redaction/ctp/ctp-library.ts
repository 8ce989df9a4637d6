import type { MachineRule } from '../redaction-types';
import libraryJson from './ctp-pixel-library.json';
import type { CtpUnsupportedSignature } from './import-ctp-script';

/**
 * CTP's library of burned-in annotation signatures (RSNA DicomPixelAnonymizer.script),
 * converted by importCtpScript into machine rules. The JSON is DERIVED: written by
 * tools/src/generate/ctp-library.ts from the script in shared/reference/ctp, whose
 * sha256 it records; nothing reads the script at run time.
 */
export interface CtpLibraryData {
  /** The script's file name. */
  readonly source: string;
  /** The script has no version: its newest dated entry stands in for one. */
  readonly edition: string;
  /** sha256 of the script's bytes. */
  readonly sha256: string;
  readonly generatedBy: string;
  /** `{...}` signatures in the script: machines.length + unsupported.length. */
  readonly signatures: number;
  /** One rule per signature, script order (first match wins, as in CTP). */
  readonly machines: readonly MachineRule[];
  readonly unsupported: readonly CtpUnsupportedSignature[];
}

/** JSON imports widen unions (ops) to string: asserted to its declared shape here, once. */
export const CTP_LIBRARY = libraryJson as unknown as CtpLibraryData;
