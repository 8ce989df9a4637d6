import { DEFAULT_CHARSET } from './charset';
import type { DicomValue, ElementSource } from './element';
import { tagFromNumber } from './tag';
import { isSingleValuedText, unitSize, vrKind, type Vr } from './vr';

const TRAILING_PADDING_RE = /[ \0]+$/;

function decodeText(vr: Vr, src: ElementSource): readonly string[] {
  if (src.bytes.length === 0) return Object.freeze([]);
  const text = (src.text?.charset ?? DEFAULT_CHARSET).decode(src.bytes, vr);
  const parts = isSingleValuedText(vr) ? [text] : text.split('\\');
  return Object.freeze(parts.map((p) => p.replace(TRAILING_PADDING_RE, '')));
}

function viewOf(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

function decodeNumbers(vr: Vr, src: ElementSource): readonly number[] {
  const v = viewOf(src.bytes);
  const le = src.littleEndian;
  const n = Math.floor(src.bytes.length / unitSize(vr));
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    switch (vr) {
      case 'US': out[i] = v.getUint16(i * 2, le); break;
      case 'SS': out[i] = v.getInt16(i * 2, le); break;
      case 'UL': out[i] = v.getUint32(i * 4, le); break;
      case 'SL': out[i] = v.getInt32(i * 4, le); break;
      case 'FL': out[i] = v.getFloat32(i * 4, le); break;
      default: out[i] = v.getFloat64(i * 8, le);
    }
  }
  return Object.freeze(out);
}

function decodeBigints(vr: Vr, src: ElementSource): readonly bigint[] {
  const v = viewOf(src.bytes);
  const out: bigint[] = [];
  for (let off = 0; off + 8 <= src.bytes.length; off += 8) {
    out.push(vr === 'SV' ? v.getBigInt64(off, src.littleEndian) : v.getBigUint64(off, src.littleEndian));
  }
  return Object.freeze(out);
}

function decodeTags(src: ElementSource): readonly string[] {
  const v = viewOf(src.bytes);
  const out: string[] = [];
  for (let off = 0; off + 4 <= src.bytes.length; off += 4) {
    const g = v.getUint16(off, src.littleEndian);
    const e = v.getUint16(off + 2, src.littleEndian);
    out.push(tagFromNumber(g * 0x10000 + e));
  }
  return Object.freeze(out);
}

/** Big-endian words become little-endian in a copy; the source stays untouched. */
export function swapWords(bytes: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  const whole = bytes.length - (bytes.length % size);
  for (let i = 0; i < whole; i += size) {
    for (let k = 0; k < size; k++) out[i + k] = bytes[i + size - 1 - k] as number;
  }
  out.set(bytes.subarray(whole), whole);
  return out;
}

/** Decode a source slice into the model's little-endian-in-memory value. */
export function decodeValue(vr: Vr, src: ElementSource): DicomValue {
  switch (vrKind(vr)) {
    case 'text': return decodeText(vr, src);
    case 'number': return decodeNumbers(vr, src);
    case 'bigint': return decodeBigints(vr, src);
    case 'tag': return decodeTags(src);
    case 'bytes': {
      const size = unitSize(vr);
      return src.littleEndian || size === 1 ? src.bytes : swapWords(src.bytes, size);
    }
    default: return Object.freeze([]);
  }
}
