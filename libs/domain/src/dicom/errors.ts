import { GantryError } from '../errors';

/** Closed list of reasons a byte stream is refused; mirrors the ingest reject reasons. */
export const DICOM_PARSE_ERROR_CODES = [
  'NOT_DICOM',
  'TRUNCATED',
  'MALFORMED_LENGTH',
  'BAD_META',
  'UNSUPPORTED_TRANSFER_SYNTAX',
  'DEFLATE_ERROR',
  'MALFORMED_SEQUENCE',
] as const;
export type DicomParseErrorCode = (typeof DICOM_PARSE_ERROR_CODES)[number];

/** Where a failure happened: a tag (8 hex digits) and a byte offset only, never a value. */
export interface DicomErrorLocation {
  readonly tag?: string;
  readonly offset?: number;
}

function describe(code: string, detail: string, at: DicomErrorLocation): string {
  const where = [
    at.tag === undefined ? '' : ` tag (${at.tag.slice(0, 4)},${at.tag.slice(4)})`,
    at.offset === undefined ? '' : ` offset ${at.offset}`,
  ].join('');
  return `${code}${where}: ${detail}`;
}

/**
 * The input is not a well-formed DICOM stream. The message is built only from the
 * code, a fixed description, the tag and the offset, because element values may
 * hold patient data and error messages end up in logs.
 */
export class DicomParseError extends GantryError {
  declare readonly code: DicomParseErrorCode;
  readonly tag?: string;
  readonly offset?: number;

  constructor(code: DicomParseErrorCode, detail: string, at: DicomErrorLocation = {}, options?: { cause?: unknown }) {
    super(code, describe(code, detail, at), options);
    if (at.tag !== undefined) this.tag = at.tag;
    if (at.offset !== undefined) this.offset = at.offset;
  }
}

export type DicomEncodeErrorCode =
  | 'UNENCODABLE_TEXT'
  | 'INVALID_VALUE'
  | 'VALUE_TOO_LONG'
  | 'UNSUPPORTED_TRANSFER_SYNTAX';

/** A model value cannot be written faithfully; we refuse rather than emit mojibake or garbage. */
export class DicomEncodeError extends GantryError {
  declare readonly code: DicomEncodeErrorCode;
  readonly tag?: string;

  constructor(code: DicomEncodeErrorCode, detail: string, tag?: string, options?: { cause?: unknown }) {
    super(code, describe(code, detail, tag === undefined ? {} : { tag }), options);
    if (tag !== undefined) this.tag = tag;
  }
}

export type DicomModelErrorCode = 'UNKNOWN_KEYWORD' | 'INVALID_TAG' | 'INVALID_TAG_PATH' | 'INVALID_VALUE' | 'NO_PRIVATE_BLOCK';

/** Misuse of the in-memory model: a bad tag, keyword, path or a value of the wrong kind. */
export class DicomModelError extends GantryError {
  declare readonly code: DicomModelErrorCode;

  constructor(code: DicomModelErrorCode, detail: string, options?: { cause?: unknown }) {
    super(code, `${code}: ${detail}`, options);
  }
}

export const isDicomParseError = (e: unknown): e is DicomParseError => e instanceof DicomParseError;
