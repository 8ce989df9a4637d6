import type { Charset } from './charset';
import type { DicomValue } from './element';
import { DicomEncodeError } from './errors';
import { isAsciiOnlyVr, isSingleValuedText, unitSize, vrKind, type Vr } from './vr';

const NON_ASCII_RE = /[\u0080-\uffff]/;

const RANGES: Partial<Record<Vr, readonly [number, number]>> = {
  US: [0, 0xffff],
  SS: [-0x8000, 0x7fff],
  UL: [0, 0xffffffff],
  SL: [-0x80000000, 0x7fffffff],
};

function encodeText(tag: string, vr: Vr, values: readonly string[], charset: Charset): Uint8Array {
  if (!isSingleValuedText(vr) && values.some((v) => v.includes('\\'))) {
    throw new DicomEncodeError('INVALID_VALUE', 'a value contains the backslash delimiter', tag);
  }
  const text = values.join('\\');
  if (isAsciiOnlyVr(vr) && NON_ASCII_RE.test(text)) {
    throw new DicomEncodeError('UNENCODABLE_TEXT', `${vr} allows only the default repertoire`, tag);
  }
  const bytes = charset.encode(text);
  if (!bytes) throw new DicomEncodeError('UNENCODABLE_TEXT', 'text not representable in the dataset character set', tag);
  return bytes;
}

function encodeNumbers(tag: string, vr: Vr, values: readonly number[]): Uint8Array {
  const size = unitSize(vr);
  const out = new Uint8Array(values.length * size);
  const view = new DataView(out.buffer);
  const range = RANGES[vr];
  values.forEach((v, i) => {
    if (range && !(Number.isInteger(v) && v >= range[0] && v <= range[1])) {
      throw new DicomEncodeError('INVALID_VALUE', `${vr} value out of range`, tag);
    }
    if (vr === 'US') view.setUint16(i * 2, v, true);
    else if (vr === 'SS') view.setInt16(i * 2, v, true);
    else if (vr === 'UL') view.setUint32(i * 4, v, true);
    else if (vr === 'SL') view.setInt32(i * 4, v, true);
    else if (vr === 'FL') view.setFloat32(i * 4, v, true);
    else view.setFloat64(i * 8, v, true);
  });
  return out;
}

function encodeBigints(tag: string, vr: Vr, values: readonly bigint[]): Uint8Array {
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => {
    const fits = vr === 'SV' ? BigInt.asIntN(64, v) === v : BigInt.asUintN(64, v) === v;
    if (!fits) throw new DicomEncodeError('INVALID_VALUE', `${vr} value out of range`, tag);
    if (vr === 'SV') view.setBigInt64(i * 8, v, true);
    else view.setBigUint64(i * 8, v, true);
  });
  return out;
}

function encodeTags(tag: string, values: readonly string[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((t, i) => {
    if (!/^[0-9A-F]{8}$/.test(t)) throw new DicomEncodeError('INVALID_VALUE', 'AT value is not a tag', tag);
    view.setUint16(i * 4, parseInt(t.slice(0, 4), 16), true);
    view.setUint16(i * 4 + 2, parseInt(t.slice(4), 16), true);
  });
  return out;
}

/** Little-endian bytes of a model value (not SQ or encapsulated data), before padding. */
export function encodeValue(tag: string, vr: Vr, value: DicomValue, charset: Charset): Uint8Array {
  switch (vrKind(vr)) {
    case 'text': return encodeText(tag, vr, value as readonly string[], charset);
    case 'number': return encodeNumbers(tag, vr, value as readonly number[]);
    case 'bigint': return encodeBigints(tag, vr, value as readonly bigint[]);
    case 'tag': return encodeTags(tag, value as readonly string[]);
    case 'bytes':
      if (value instanceof Uint8Array) return value;
      throw new DicomEncodeError('INVALID_VALUE', 'encapsulated data outside Pixel Data', tag);
    default: throw new DicomEncodeError('INVALID_VALUE', 'sequence encoded as a value', tag);
  }
}
