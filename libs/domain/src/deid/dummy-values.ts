import type { DicomValue } from '../dicom/element';
import { unitSize, vrKind, type Vr } from '../dicom/vr';

/**
 * Dummy values for PS3.15 'D': non-empty, valid for the VR, and the same for every
 * object, so a dummy says nothing about the original. UIDs (remapped), dates under the
 * modified-dates option (shifted), Patient ID and Name (pseudonyms) and sequences
 * (dummied item by item) are handled by the caller.
 */
const TEXT_DUMMY: Readonly<Partial<Record<Vr, string>>> = {
  AE: 'ANONYMOUS',
  AS: '000Y',
  CS: 'ANONYMIZED',
  DA: '19000101',
  DS: '0',
  DT: '19000101000000',
  IS: '0',
  LO: 'ANONYMIZED',
  LT: 'ANONYMIZED',
  PN: 'ANONYMOUS',
  SH: 'ANONYMIZED',
  ST: 'ANONYMIZED',
  TM: '000000',
  UC: 'ANONYMIZED',
  // Only a fallback: UIDs are remapped, never dummied.
  UI: '2.25.0',
  UR: 'urn:gantry:anonymized',
  UT: 'ANONYMIZED',
};

export function dummyValue(vr: Vr): DicomValue {
  switch (vrKind(vr)) {
    case 'text':
      return Object.freeze([TEXT_DUMMY[vr] ?? 'ANONYMIZED']);
    case 'number':
      return Object.freeze([0]);
    case 'bigint':
      return Object.freeze([0n]);
    case 'tag':
      return Object.freeze(['00000000']);
    case 'bytes':
      // One zero unit, padded to an even length: the smallest non-empty valid value.
      return new Uint8Array(Math.max(2, unitSize(vr)));
    default:
      return Object.freeze([]);
  }
}

/** The zero-length value of a VR ('Z'). */
export const emptyValue = (vr: Vr): DicomValue => (vrKind(vr) === 'bytes' ? new Uint8Array(0) : Object.freeze([]));
