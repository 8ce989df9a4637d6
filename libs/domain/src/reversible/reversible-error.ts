import { GantryError } from '../errors';

/**
 * Why protecting or recovering original attributes failed. Closed, so callers and
 * metrics can branch on it; messages name tags and algorithms only, never a value.
 */
export const REVERSIBLE_ERROR_CODES = [
  'INVALID_CERTIFICATE',
  'INVALID_PRIVATE_KEY',
  'UNSUPPORTED_ALGORITHM',
  'MALFORMED_CMS',
  'BAD_PADDING',
  'DECRYPTION_FAILED',
  'NO_ENCRYPTED_ATTRIBUTES',
  'UNSUPPORTED_TRANSFER_SYNTAX',
  'MALFORMED_CONTENT',
  'CHANGES_MISMATCH',
  'ENCODING_FAILED',
] as const;
export type ReversibleErrorCode = (typeof REVERSIBLE_ERROR_CODES)[number];

/** Reversible de-identification (PS3.15 E.1.1 / E.1.2) could not be carried out. */
export class ReversibleError extends GantryError {
  declare readonly code: ReversibleErrorCode;

  constructor(code: ReversibleErrorCode, detail: string, options?: { cause?: unknown }) {
    super(code, `${code}: ${detail}`, options);
  }
}

export const isReversibleError = (e: unknown): e is ReversibleError => e instanceof ReversibleError;
