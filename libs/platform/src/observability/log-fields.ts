import { errorFields } from './error-fields';

/** What `safe()` may vouch for. */
export type SafeInput = string | number | boolean | bigint | Error | null | undefined | readonly string[];

/**
 * A value someone has checked is not patient data: an opaque key, an event type, an
 * error code, a count, a path under the data directory. Only a `SafeValue` carries text
 * into a log line; a bare string field is replaced by `[redacted]`.
 */
export class SafeValue {
  constructor(readonly value: SafeInput) {}
}

/**
 * Vouches that `value` holds no data read from a DICOM object (names, IDs, dates, UIDs,
 * free text, pixel data) nor anything derived from one that is not opaque. Wrapping a
 * DICOM value in `safe()` is a privacy incident, not a shortcut.
 */
export const safe = (value: SafeInput): SafeValue => new SafeValue(value);

/**
 * Structured log fields. Numbers and booleans pass as they are; text must go through
 * `safe()`; errors are reduced to type, code and stack (plus the message for a
 * `GantryError`, whose messages are patient-free by contract, or a `safe(error)`).
 */
export type LogValue =
  | number
  | boolean
  | null
  | undefined
  | SafeValue
  | Error
  | readonly LogValue[]
  | { readonly [key: string]: LogValue };

export type LogFields = Readonly<Record<string, LogValue>>;

export const REDACTED = '[redacted]';
const MAX_DEPTH = 4;
const MAX_ITEMS = 50;

/** The JSON-ready form of fields, with every unvouched text replaced. Never throws. */
export function sanitizeFields(fields: LogFields | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (fields === undefined) return out;
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) out[key] = sanitizeValue(value, 0);
  }
  return out;
}

function sanitizeValue(value: unknown, depth: number): unknown {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof SafeValue) return vouched(value.value);
  if (value instanceof Error) return errorFields(value, false);
  if (depth >= MAX_DEPTH || typeof value !== 'object' || ArrayBuffer.isView(value) || value instanceof Date) return REDACTED;
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((v: unknown) => sanitizeValue(v, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return REDACTED;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value).slice(0, MAX_ITEMS)) {
    if (v !== undefined) out[k] = sanitizeValue(v, depth + 1);
  }
  return out;
}

function vouched(value: SafeInput): unknown {
  if (value instanceof Error) return errorFields(value, true);
  if (typeof value === 'bigint') return value.toString();
  return value;
}
