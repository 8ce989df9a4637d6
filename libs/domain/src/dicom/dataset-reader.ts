import { charsetOf } from './charset';
import { DataSet } from './data-set';
import { DicomElement, TextContext, type EncapsulatedPixelData } from './element';
import { DicomParseError, type DicomParseErrorCode } from './errors';
import { implicitVr } from './implicit-vr';
import { tagFromNumber } from './tag';
import { hasLongLength, isByteOrderDependent, unitSize, vrFromCode, vrKind, type Vr } from './vr';

/** How the bytes at hand are encoded; UN-wrapped sequences switch to implicit LE. */
export interface Encoding {
  readonly explicit: boolean;
  readonly littleEndian: boolean;
}

const IMPLICIT_LE: Encoding = { explicit: false, littleEndian: true };
const UNDEFINED = 0xffffffff;
const PIXEL_DATA = 0x7fe00010;
const ITEM = 0xfffee000;
const ITEM_END = 0xfffee00d;
const SEQUENCE_END = 0xfffee0dd;
/** Deeper nesting than this is hostile or corrupt; refusing keeps recursion bounded. */
const MAX_DEPTH = 64;

interface ReaderOptions {
  readonly encapsulated: boolean;
  readonly untilPixelData: boolean;
}

interface Header {
  readonly tag: number;
  readonly vr: Vr | undefined;
  readonly length: number;
  readonly valueStart: number;
}

/**
 * A standard element written as UN (a converter that lacked the dictionary) holds its
 * value in implicit VR LE (PS3.5 6.2.2), so the dictionary VR reads it exactly. Giving
 * it back its VR matters downstream: de-identification must see a PN as a PN.
 */
function knownVrOfUn(h: Header, ds: DataSet): Vr {
  if ((h.tag >>> 16) % 2 === 1) return 'UN';
  const vr = implicitVr(h.tag, ds);
  if (vr === undefined || vr === 'SQ' || vr === 'UN' || h.length % unitSize(vr) !== 0) return 'UN';
  return vr;
}

/**
 * Strict reader of a dataset's element stream. Every length is checked against the
 * enclosing bound before use, every loop consumes at least 8 bytes, and nesting is
 * bounded, so any input ends in a dataset or a DicomParseError.
 */
export class DatasetReader {
  private readonly view: DataView;
  pos = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly options: ReaderOptions,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Read elements from `pos` up to `end`, or to an item delimiter when `delimited`. */
  readDataSet(end: number, enc: Encoding, delimited: boolean, parent: TextContext | undefined, depth: number): DataSet {
    if (depth > MAX_DEPTH) this.fail('MALFORMED_SEQUENCE', 'sequences nested too deeply', this.pos);
    const ds = new DataSet();
    const text = new TextContext(parent);
    while (this.pos < end) {
      const start = this.pos;
      this.need(start, 8, end);
      const tag = this.u32tag(start, enc.littleEndian);
      if (tag >>> 16 === 0xfffe) {
        if (tag === ITEM_END && delimited) return this.endItem(start, ds, enc);
        this.fail('MALFORMED_SEQUENCE', 'unexpected delimiter or item', start, tag);
      }
      if (depth === 0 && this.options.untilPixelData && tag === PIXEL_DATA) return ds;
      const el = this.readElement(start, end, enc, tag, text, ds, depth);
      if (ds.has(el.tag)) this.fail('MALFORMED_SEQUENCE', 'duplicate element', start, tag);
      if (tag === 0x00080005 && vrKind(el.vr) === 'text') text.own = charsetOf(el.value as readonly string[]);
      ds.put(el);
    }
    if (delimited) this.fail(end === this.bytes.length ? 'TRUNCATED' : 'MALFORMED_SEQUENCE', 'item not delimited', end);
    return ds;
  }

  /** Read the consecutive group 0002 elements at `pos`: always explicit VR LE (PS3.10 7.1). */
  readFileMeta(): DataSet {
    const ds = new DataSet();
    const text = new TextContext();
    const enc: Encoding = { explicit: true, littleEndian: true };
    while (this.pos + 8 <= this.bytes.length && this.u16(this.pos, true) === 0x0002) {
      const start = this.pos;
      const tag = this.u32tag(start, true);
      const el = this.readElement(start, this.bytes.length, enc, tag, text, ds, 0);
      if (ds.has(el.tag)) this.fail('BAD_META', 'duplicate element', start, tag);
      ds.put(el);
    }
    // A partial group 0002 header at the very end means the file stops inside the meta.
    if (this.pos + 2 <= this.bytes.length && this.pos + 8 > this.bytes.length && this.u16(this.pos, true) === 0x0002) {
      this.fail('TRUNCATED', 'file ends inside the file meta', this.pos);
    }
    return ds;
  }

  /** Read one element whose tag starts at `start`, leaving `pos` after it. */
  private readElement(start: number, end: number, enc: Encoding, tag: number, text: TextContext, ds: DataSet, depth: number): DicomElement {
    const h = this.readHeader(start, end, enc, tag, ds);
    const tagStr = tagFromNumber(tag);
    if (h.length === UNDEFINED) return this.readUndefinedLength(h, end, enc, text, depth);
    const valueEnd = h.valueStart + h.length;
    if (valueEnd > end) {
      this.fail(end === this.bytes.length ? 'TRUNCATED' : 'MALFORMED_LENGTH', 'value runs past its bound', start, tag);
    }
    if (h.vr === 'SQ') return this.sequenceElement(tagStr, h.valueStart, valueEnd, false, enc, text, depth);
    if (h.vr === undefined || h.vr === 'UN') {
      const sq = this.tryImplicitSequence(tagStr, h.valueStart, valueEnd, text, depth);
      if (sq) return sq;
    }
    const vr = h.vr === 'UN' && enc.explicit && enc.littleEndian ? knownVrOfUn(h, ds) : (h.vr ?? 'UN');
    this.checkLength(vr, h, enc, start);
    this.pos = valueEnd;
    const bytes = this.bytes.subarray(h.valueStart, valueEnd);
    const source = { bytes, littleEndian: enc.littleEndian, text: vrKind(vr) === 'text' ? text : undefined };
    return new DicomElement(tagStr, vr, undefined, source);
  }

  private readHeader(start: number, end: number, enc: Encoding, tag: number, ds: DataSet): Header {
    if (!enc.explicit) {
      return { tag, vr: implicitVr(tag, ds), length: this.u32(start + 4, true), valueStart: start + 8 };
    }
    const vr = vrFromCode(((this.bytes[start + 4] as number) << 8) | (this.bytes[start + 5] as number));
    if (vr === undefined) this.fail('MALFORMED_LENGTH', 'invalid VR', start, tag);
    if (!hasLongLength(vr)) return { tag, vr, length: this.u16(start + 6, enc.littleEndian), valueStart: start + 8 };
    this.need(start, 12, end);
    return { tag, vr, length: this.u32(start + 8, enc.littleEndian), valueStart: start + 12 };
  }

  /** Binary VRs must hold whole values; OB/UN and text may be odd (we pad on write). */
  private checkLength(vr: Vr, h: Header, enc: Encoding, start: number): void {
    const unit = unitSize(vr);
    if (unit === 1 || h.length % unit === 0) return;
    const kind = vrKind(vr);
    // Odd-sized OW/OF-style data is recoverable as bytes unless it must be byte-swapped.
    if (kind === 'bytes' && (enc.littleEndian || !isByteOrderDependent(vr))) return;
    this.fail('MALFORMED_LENGTH', 'length is not a multiple of the value size', start, h.tag);
  }

  private readUndefinedLength(h: Header, end: number, enc: Encoding, text: TextContext, depth: number): DicomElement {
    const tagStr = tagFromNumber(h.tag);
    if (h.vr === 'SQ') return this.sequenceElement(tagStr, h.valueStart, end, true, enc, text, depth);
    if (h.tag === PIXEL_DATA && (h.vr === 'OB' || h.vr === 'OW')) {
      if (!this.options.encapsulated) this.fail('MALFORMED_LENGTH', 'undefined length in a native transfer syntax', h.valueStart, h.tag);
      return new DicomElement(tagStr, 'OB', this.readFragments(h.valueStart, end, enc));
    }
    // An undefined-length UN (or unknown implicit element) is a sequence in implicit LE (PS3.5 6.2.2).
    if (h.vr === undefined || h.vr === 'UN') return this.sequenceElement(tagStr, h.valueStart, end, true, IMPLICIT_LE, text, depth);
    return this.fail('MALFORMED_LENGTH', 'undefined length on a VR that cannot have it', h.valueStart, h.tag);
  }

  private sequenceElement(tag: string, start: number, end: number, delimited: boolean, enc: Encoding, text: TextContext, depth: number): DicomElement {
    this.pos = start;
    const items = this.readItems(end, delimited, enc, text, depth + 1);
    return new DicomElement(tag, 'SQ', Object.freeze(items));
  }

  private readItems(end: number, delimited: boolean, enc: Encoding, text: TextContext, depth: number): DataSet[] {
    const items: DataSet[] = [];
    for (;;) {
      const start = this.pos;
      if (!delimited && start === end) return items;
      this.need(start, 8, end, 'MALFORMED_SEQUENCE');
      const tag = this.u32tag(start, enc.littleEndian);
      const length = this.u32(start + 4, enc.littleEndian);
      this.pos = start + 8;
      if (tag === SEQUENCE_END && delimited) {
        if (length !== 0) this.fail('MALFORMED_SEQUENCE', 'sequence delimiter with a length', start, tag);
        return items;
      }
      if (tag !== ITEM) this.fail('MALFORMED_SEQUENCE', 'expected an item', start, tag);
      if (length === UNDEFINED) {
        items.push(this.readDataSet(end, enc, true, text, depth));
        continue;
      }
      if (this.pos + length > end) this.fail(end === this.bytes.length ? 'TRUNCATED' : 'MALFORMED_LENGTH', 'item runs past its bound', start, tag);
      items.push(this.readDataSet(this.pos + length, enc, false, text, depth));
    }
  }

  private endItem(start: number, ds: DataSet, enc: Encoding): DataSet {
    if (this.u32(start + 4, enc.littleEndian) !== 0) this.fail('MALFORMED_SEQUENCE', 'item delimiter with a length', start, ITEM_END);
    this.pos = start + 8;
    return ds;
  }

  /**
   * Private data in implicit VR (and UN in explicit VR) may be a defined-length
   * sequence; its value then starts with an item tag. We parse it as one if it parses
   * completely, and otherwise keep the bytes: never a partial read either way.
   */
  private tryImplicitSequence(tag: string, start: number, end: number, text: TextContext, depth: number): DicomElement | undefined {
    if (end - start < 8 || this.u32tag(start, true) !== ITEM) return undefined;
    try {
      const el = this.sequenceElement(tag, start, end, false, IMPLICIT_LE, text, depth);
      return this.pos === end ? el : undefined;
    } catch (e) {
      if (e instanceof DicomParseError) return undefined;
      throw e;
    }
  }

  private readFragments(start: number, end: number, enc: Encoding): EncapsulatedPixelData {
    const chunks: Uint8Array[] = [];
    let pos = start;
    for (;;) {
      this.need(pos, 8, end, 'MALFORMED_SEQUENCE');
      const tag = this.u32tag(pos, enc.littleEndian);
      const length = this.u32(pos + 4, enc.littleEndian);
      if (tag === SEQUENCE_END) {
        if (length !== 0 || chunks.length === 0) this.fail('MALFORMED_SEQUENCE', 'bad pixel data delimiter', pos, tag);
        this.pos = pos + 8;
        const [offsetTable, ...fragments] = chunks as [Uint8Array, ...Uint8Array[]];
        return { kind: 'encapsulated', offsetTable, fragments: Object.freeze(fragments) };
      }
      if (tag !== ITEM || length === UNDEFINED) this.fail('MALFORMED_SEQUENCE', 'expected a fragment item', pos, tag);
      if (pos + 8 + length > end) this.fail(end === this.bytes.length ? 'TRUNCATED' : 'MALFORMED_LENGTH', 'fragment runs past its bound', pos, tag);
      chunks.push(this.bytes.subarray(pos + 8, pos + 8 + length));
      pos += 8 + length;
    }
  }

  private need(start: number, n: number, end: number, code: DicomParseErrorCode = 'MALFORMED_LENGTH'): void {
    if (start + n <= end) return;
    this.fail(end === this.bytes.length ? 'TRUNCATED' : code, 'not enough bytes for a header', start);
  }

  private u16(at: number, le: boolean): number {
    return this.view.getUint16(at, le);
  }

  private u32(at: number, le: boolean): number {
    return this.view.getUint32(at, le);
  }

  /** Group and element as one number (group * 65536 + element). */
  private u32tag(at: number, le: boolean): number {
    return this.view.getUint16(at, le) * 0x10000 + this.view.getUint16(at + 2, le);
  }

  private fail(code: DicomParseErrorCode, detail: string, offset: number, tag?: number): never {
    throw new DicomParseError(code, detail, tag === undefined ? { offset } : { offset, tag: tagFromNumber(tag) });
  }
}
