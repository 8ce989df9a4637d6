import { charsetOf, isPlainAscii, type Charset } from './charset';
import type { ByteSink } from './byte-sink';
import type { DataSet } from './data-set';
import type { DicomElement, EncapsulatedPixelData } from './element';
import { DicomEncodeError } from './errors';
import { vrOf } from './tag';
import { encodeValue } from './value-encoder';
import { hasLongLength, isAsciiOnlyVr, isByteOrderDependent, padByte, vrKind, type Vr } from './vr';

const UNDEFINED = 0xffffffff;

/** Writes datasets as explicit (or implicit) VR little endian with defined lengths. */
export class DatasetWriter {
  constructor(
    private readonly sink: ByteSink,
    private readonly explicit: boolean,
  ) {}

  /** Elements in ascending tag order; group lengths are dropped since edits make them stale. */
  writeDataSet(ds: DataSet, inherited: Charset, keepGroupLength = false): void {
    const own = ds.get('00080005');
    if (own && vrKind(own.vr) !== 'text') throw new DicomEncodeError('INVALID_VALUE', 'Specific Character Set is not text', own.tag);
    const charset = own ? charsetOf(own.value as readonly string[]) : inherited;
    for (const el of ds.elements()) {
      if (!keepGroupLength && el.tag.endsWith('0000')) continue;
      this.writeElement(el, charset);
    }
  }

  writeElement(el: DicomElement, charset: Charset): void {
    if (el.vr === 'SQ') return this.writeSequence(el, charset);
    const value = el.source && reusable(el, charset) ? undefined : el.value;
    if (value !== undefined && !(value instanceof Uint8Array) && 'kind' in value) return this.writeEncapsulated(el, value);
    const bytes = value === undefined ? (el.source?.bytes as Uint8Array) : encodeValue(el.tag, el.vr, value, charset);
    const padded = bytes.length + (bytes.length & 1);
    // PS3.5 6.2.2: a value too long for a 16-bit length is written as UN.
    const vr: Vr = !hasLongLength(el.vr) && padded > 0xffff ? 'UN' : el.vr;
    this.header(el.tag, vr, padded);
    this.sink.bytes(bytes);
    if (padded !== bytes.length) this.sink.u8(padByte(el.vr));
  }

  private writeSequence(el: DicomElement, charset: Charset): void {
    // Implicit VR readers can only recognise a non-dictionary sequence by its delimiters.
    const delimit = !this.explicit && vrOf(el.tag) !== 'SQ';
    this.header(el.tag, 'SQ', delimit ? UNDEFINED : 0);
    const seqStart = this.sink.pos;
    for (const item of el.value as readonly DataSet[]) {
      this.sink.u16(0xfffe);
      this.sink.u16(0xe000);
      this.sink.u32(delimit ? UNDEFINED : 0);
      const itemStart = this.sink.pos;
      this.writeDataSet(item, charset);
      if (delimit) this.delimiter(0xe00d);
      else this.sink.patchU32(itemStart - 4, this.sink.pos - itemStart);
    }
    if (delimit) this.delimiter(0xe0dd);
    else this.sink.patchU32(seqStart - 4, this.sink.pos - seqStart);
  }

  private writeEncapsulated(el: DicomElement, px: EncapsulatedPixelData): void {
    this.header(el.tag, 'OB', UNDEFINED);
    for (const fragment of [px.offsetTable, ...px.fragments]) {
      this.sink.u16(0xfffe);
      this.sink.u16(0xe000);
      this.sink.u32(fragment.length + (fragment.length & 1));
      this.sink.bytes(fragment);
      if (fragment.length & 1) this.sink.u8(0);
    }
    this.delimiter(0xe0dd);
  }

  private delimiter(element: number): void {
    this.sink.u16(0xfffe);
    this.sink.u16(element);
    this.sink.u32(0);
  }

  private header(tag: string, vr: Vr, length: number): void {
    this.sink.u16(parseInt(tag.slice(0, 4), 16));
    this.sink.u16(parseInt(tag.slice(4), 16));
    if (!this.explicit) return this.sink.u32(length);
    this.sink.ascii(vr);
    if (hasLongLength(vr)) {
      this.sink.u16(0);
      this.sink.u32(length);
    } else {
      this.sink.u16(length);
    }
  }
}

/**
 * Whether an unchanged element's source bytes are already what we would write: they
 * must be little endian where byte order matters, and text must mean the same under
 * the charset in force now (ASCII always does) - else we re-encode, or refuse.
 */
function reusable(el: DicomElement, charset: Charset): boolean {
  const src = el.source;
  if (!src) return false;
  if (!src.littleEndian && isByteOrderDependent(el.vr)) return false;
  if (vrKind(el.vr) !== 'text' || isAsciiOnlyVr(el.vr)) return true;
  return src.text?.charset.key === charset.key || isPlainAscii(src.bytes);
}

export function assertWritable(condition: boolean, detail: string): void {
  if (!condition) throw new DicomEncodeError('UNSUPPORTED_TRANSFER_SYNTAX', detail);
}
