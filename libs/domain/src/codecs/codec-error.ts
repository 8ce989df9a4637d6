import { GantryError } from '../errors';

/** Closed list of reasons pixel data cannot be decoded or encoded. */
export const CODEC_ERROR_CODES = [
  'NO_PIXEL_DATA',
  'INVALID_PIXEL_MODULE',
  'UNSUPPORTED_PIXEL_FORMAT',
  'UNSUPPORTED_TRANSFER_SYNTAX',
  'FRAME_MISMATCH',
  'DECODE_FAILED',
  'ENCODE_FAILED',
  'ENCODE_NOT_EXACT',
] as const;
export type CodecErrorCode = (typeof CODEC_ERROR_CODES)[number];

/**
 * Pixel data that cannot be turned into frames, or frames that cannot be written back
 * exactly. Messages name attributes and counts only: never a pixel or header value,
 * and never the codec library's own message (which may quote stream bytes); that one
 * is kept as the `cause` for debugging.
 */
export class CodecError extends GantryError {
  declare readonly code: CodecErrorCode;

  constructor(code: CodecErrorCode, detail: string, options?: { cause?: unknown }) {
    super(code, `${code}: ${detail}`, options);
  }
}
