import { GantryError } from '../errors';

export const REDACTION_ERROR_CODES = ['ZONE_OUTSIDE_IMAGE', 'INVALID_ZONE', 'NO_ZONES', 'INVALID_FILL', 'INVALID_UID', 'VERIFICATION_FAILED'] as const;
export type RedactionErrorCode = (typeof REDACTION_ERROR_CODES)[number];

/**
 * A redaction that cannot be done as asked, or whose result failed its own check. The
 * message names zones by index and never quotes header or pixel values.
 */
export class RedactionError extends GantryError {
  declare readonly code: RedactionErrorCode;

  constructor(code: RedactionErrorCode, detail: string, options?: { cause?: unknown }) {
    super(code, `${code}: ${detail}`, options);
  }
}
