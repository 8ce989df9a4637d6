/**
 * Shared JSON Schema fragments. Every string in an event is constrained by a pattern
 * or an enum: an event must not be able to carry a patient value by accident, so
 * free text is not representable in any event payload.
 */
export const KEY_PATTERN = '^[0-9a-f]{32}$';
export const SHA256_PATTERN = '^[0-9a-f]{64}$';
/** Blob keys are opaque: a fixed area prefix and hex. */
export const BLOB_KEY_PATTERN = '^(raw|quarantine|remediated|redacted)/[0-9a-f]{2}/[0-9a-f]{32,64}\\.(dcm|bin)$';
/** Standard (non-instance) UIDs such as SOP Class and Transfer Syntax UIDs. */
export const CLASS_UID_PATTERN = '^[0-9]+(\\.[0-9]+)*$';
export const TAG_PATTERN = '^[0-9A-F]{8}$';
export const CODE_PATTERN = '^[A-Z][A-Z0-9_]{1,63}$';

export const defs = {
  key: { type: 'string', pattern: KEY_PATTERN },
  sha256: { type: 'string', pattern: SHA256_PATTERN },
  blobKey: { type: 'string', pattern: BLOB_KEY_PATTERN },
  classUid: { type: 'string', pattern: CLASS_UID_PATTERN, maxLength: 64 },
  count: { type: 'integer', minimum: 0 },
  uuid: { type: 'string', format: 'uuid' },
  ingestSource: { type: 'string', enum: ['file', 'cstore', 'stow'] },
  code: { type: 'string', pattern: CODE_PATTERN },
} as const;

export type IngestSource = 'file' | 'cstore' | 'stow';
