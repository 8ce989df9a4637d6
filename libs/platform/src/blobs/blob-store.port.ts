import { Readable } from 'node:stream';
import { GantryError } from '@gantry/domain';

export interface BlobInfo {
  key: string;
  size: number;
}

/**
 * Object storage for DICOM bytes. Keys are opaque (`raw/ab/<hex>.dcm`); they never
 * contain identifiers. `put` and `get` stream, so a large object is never held whole.
 */
export abstract class BlobStore {
  abstract put(key: string, body: Readable | Uint8Array, options?: { size?: number }): Promise<BlobInfo>;
  abstract get(key: string): Promise<Readable>;
  /** Whole object in memory; for objects the caller knows to be small enough (DICOM instances). */
  abstract getBytes(key: string): Promise<Uint8Array>;
  /** Reads at most `length` bytes from the start: enough for a header without the pixels. */
  abstract getRange(key: string, length: number): Promise<Uint8Array>;
  abstract stat(key: string): Promise<BlobInfo | null>;
  abstract delete(key: string): Promise<void>;
  abstract list(prefix: string): AsyncIterable<BlobInfo>;
  abstract check(): Promise<void>;
  abstract close(): Promise<void>;
}

export class BlobNotFoundError extends GantryError {
  constructor(readonly key: string) {
    super('BLOB_NOT_FOUND', `blob not found: ${key}`);
  }
}
