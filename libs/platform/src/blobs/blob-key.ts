import { BlobStoreError } from './blob-store-error';

const MAX_KEY_LENGTH = 1024;
/** Path segments of letters, digits and `._-`, not starting with a dot: no traversal, no hidden files. */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/**
 * Both stores accept the same keys, so code tested on files behaves the same on S3.
 * Dot-leading segments are reserved: the filesystem store keeps its temp files there.
 */
export function assertBlobKey(key: string): void {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH || !key.split('/').every((s) => SEGMENT.test(s))) {
    throw new BlobStoreError('BLOB_KEY_INVALID', 'invalid blob key: expected /-separated segments of [A-Za-z0-9._-] not starting with a dot');
  }
}

/** A list prefix is a key's beginning: complete segments and an optional partial last one. */
export function assertBlobPrefix(prefix: string): void {
  if (prefix === '') return;
  const segments = prefix.split('/');
  const last = segments.pop() ?? '';
  if (prefix.length > MAX_KEY_LENGTH || !segments.every((s) => SEGMENT.test(s)) || !(last === '' || SEGMENT.test(last))) {
    throw new BlobStoreError('BLOB_PREFIX_INVALID', 'invalid blob prefix: expected the beginning of a valid blob key');
  }
}

export function assertRangeLength(length: number): void {
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new BlobStoreError('BLOB_RANGE_INVALID', 'range length must be a non-negative integer');
  }
}
