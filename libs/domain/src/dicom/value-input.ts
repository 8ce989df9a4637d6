import { DataSet } from './data-set';
import type { DicomValue, EncapsulatedPixelData } from './element';
import { DicomModelError } from './errors';
import { tagOf, type Tag } from './tag';
import { isSingleValuedText, vrKind, type Vr } from './vr';

/** A value with its VR, for attributes the dictionary cannot type (private, ambiguous). */
export interface TypedValueInput {
  readonly vr: Vr;
  readonly value: ValueInput;
}

/** A sequence item written as a plain object keyed by keyword or tag. */
export interface PlainItem {
  readonly [tagOrKeyword: string]: ValueInput | TypedValueInput;
}

/**
 * What callers may pass to `set`: friendlier than the model (a single string or number,
 * 'A\\B' for several text values, plain objects for items), normalised on the way in.
 * null and undefined give an empty (zero-length) element, as a Type 2 attribute needs.
 */
export type ValueInput =
  | string
  | number
  | bigint
  | readonly (string | number)[]
  | readonly bigint[]
  | Uint8Array
  | EncapsulatedPixelData
  | readonly (DataSet | PlainItem)[]
  | null
  | undefined;

const fail = (tag: Tag, why: string): never => {
  throw new DicomModelError('INVALID_VALUE', `(${tag.slice(0, 4)},${tag.slice(4)}) ${why}`);
};

/** A Decimal String of at most 16 characters for a finite number (PS3.5 6.2). */
export function formatDecimalString(n: number): string {
  if (!Number.isFinite(n)) throw new DicomModelError('INVALID_VALUE', 'DS values must be finite');
  const plain = String(n);
  if (plain.length <= 16) return plain;
  // Largest precision that fits, in fixed or exponent notation, whichever is longer-lived.
  for (let p = 16; p > 0; p--) {
    for (const s of [String(Number(n.toPrecision(p))), n.toExponential(p - 1).replace(/\.?0+e/, 'e')]) {
      if (s.length <= 16 && Number.isFinite(Number(s))) return s;
    }
  }
  throw new DicomModelError('INVALID_VALUE', 'number cannot be written as a DS');
}

function textItem(tag: Tag, vr: Vr, v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v !== 'number') return fail(tag, `${vr} values must be strings or numbers`);
  if (vr === 'DS') return formatDecimalString(v);
  if (vr === 'IS' && !(Number.isInteger(v) && Math.abs(v) < 2 ** 31)) return fail(tag, 'IS values must be 32-bit integers');
  return String(v);
}

function toText(tag: Tag, vr: Vr, input: NonNullable<ValueInput>): readonly string[] {
  if (typeof input === 'string') {
    if (input === '') return [];
    return isSingleValuedText(vr) ? [input] : input.split('\\');
  }
  if (typeof input === 'number') return [textItem(tag, vr, input)];
  if (!Array.isArray(input)) return fail(tag, `${vr} needs text`);
  return (input as readonly unknown[]).map((v) => textItem(tag, vr, v));
}

function toNumbers(tag: Tag, vr: Vr, input: NonNullable<ValueInput>): readonly number[] {
  const list: readonly unknown[] = Array.isArray(input) ? input : [input];
  return list.map((v) => (typeof v === 'number' ? v : fail(tag, `${vr} values must be numbers`)));
}

function toBigints(tag: Tag, vr: Vr, input: NonNullable<ValueInput>): readonly bigint[] {
  const list: readonly unknown[] = Array.isArray(input) ? input : [input];
  return list.map((v) => {
    if (typeof v === 'bigint') return v;
    if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
    return fail(tag, `${vr} values must be bigints or safe integers`);
  });
}

function isTypedValue(v: unknown): v is TypedValueInput {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof DataSet) && 'vr' in v && 'value' in v;
}

/** Build a dataset from a plain object, e.g. a sequence item in a fixture. */
export function dataSetFromPlain(item: PlainItem): DataSet {
  const ds = new DataSet();
  for (const [key, v] of Object.entries(item)) {
    if (isTypedValue(v)) ds.set(key, v.vr, v.value);
    else ds.set(key, v);
  }
  return ds;
}

function toItems(tag: Tag, input: NonNullable<ValueInput>): readonly DataSet[] {
  if (!Array.isArray(input)) return fail(tag, 'SQ needs an array of items');
  return (input as readonly unknown[]).map((v) => {
    if (v instanceof DataSet) return v;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return dataSetFromPlain(v as PlainItem);
    return fail(tag, 'SQ items must be datasets or plain objects');
  });
}

function toBytes(tag: Tag, vr: Vr, input: NonNullable<ValueInput>): Uint8Array | EncapsulatedPixelData {
  if (input instanceof Uint8Array) return input;
  if (typeof input === 'object' && 'kind' in input && input.kind === 'encapsulated') {
    if (vr !== 'OB' && vr !== 'OW') fail(tag, 'encapsulated pixel data must be OB or OW');
    return input;
  }
  return fail(tag, `${vr} needs a Uint8Array`);
}

/** Convert caller input to the model's value for `vr`, rejecting values of the wrong kind. */
export function normalizeValue(tag: Tag, vr: Vr, input: ValueInput): DicomValue {
  const kind = vrKind(vr);
  if (input === null || input === undefined) return kind === 'bytes' ? new Uint8Array(0) : Object.freeze([]);
  switch (kind) {
    case 'text': return Object.freeze(toText(tag, vr, input));
    case 'number': return Object.freeze(toNumbers(tag, vr, input));
    case 'bigint': return Object.freeze(toBigints(tag, vr, input));
    case 'tag': return Object.freeze(toText(tag, vr, input).map((t) => tagOf(t)));
    case 'sequence': return Object.freeze(toItems(tag, input));
    default: return toBytes(tag, vr, input);
  }
}
