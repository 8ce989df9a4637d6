import { inflateRawSync } from 'node:zlib';
import type { DataSet } from './data-set';
import { DatasetReader, type Encoding } from './dataset-reader';
import { DicomParseError } from './errors';
import { TRANSFER_SYNTAX, transferSyntaxInfo } from './transfer-syntax';
import { hasLongLength, vrFromCode } from './vr';

/** A parsed DICOM stream: the file meta (group 0002) and the dataset proper. */
export interface DicomObject {
  meta: DataSet;
  dataset: DataSet;
  transferSyntaxUid: string;
  /** False for a raw dataset without the 128-byte preamble, "DICM" and file meta. */
  hasPart10Header: boolean;
}

export interface ParseOptions {
  /** Stop before top-level Pixel Data: a cheap header-only read. */
  untilPixelData?: boolean;
}

const PREAMBLE = 128;
/** A deflated dataset beyond this is refused rather than risk a decompression bomb. */
const MAX_INFLATED = 1024 * 1024 * 1024;

/**
 * Parse a DICOM stream (Part 10 file or raw dataset). Strict: any malformation throws a
 * DicomParseError with a closed code and never a partial result; values are decoded
 * lazily on first access, so a parse costs little more than walking the headers.
 */
export function parseDicom(bytes: Uint8Array, opts: ParseOptions = {}): DicomObject {
  try {
    return parse(bytes, opts.untilPixelData === true);
  } catch (e) {
    if (e instanceof DicomParseError) throw e;
    // Only a reader bug or an exhausted stack gets here; the contract is still one error type.
    throw new DicomParseError('MALFORMED_LENGTH', 'unreadable structure', {}, { cause: e });
  }
}

function parse(bytes: Uint8Array, untilPixelData: boolean): DicomObject {
  const part10 = hasMagic(bytes);
  const reader = new DatasetReader(bytes, { encapsulated: false, untilPixelData: false });
  reader.pos = part10 ? PREAMBLE + 4 : locateRawDataset(bytes);
  const meta = readMeta(reader);
  if (part10 && reader.pos === bytes.length) throw new DicomParseError('TRUNCATED', 'no dataset after the file meta', { offset: reader.pos });
  const declared = meta.string('00020010');
  const transferSyntaxUid = declared || inferTransferSyntax(bytes, reader.pos);
  const dataset = readDataset(bytes, reader.pos, transferSyntaxUid, untilPixelData);
  return { meta, dataset, transferSyntaxUid, hasPart10Header: part10 };
}

function hasMagic(b: Uint8Array): boolean {
  return b.length >= PREAMBLE + 4 && b[128] === 0x44 && b[129] === 0x49 && b[130] === 0x43 && b[131] === 0x4d;
}

const u16 = (b: Uint8Array, at: number, le: boolean): number =>
  le ? (b[at] as number) | ((b[at + 1] as number) << 8) : ((b[at] as number) << 8) | (b[at + 1] as number);
const hasVrAt = (b: Uint8Array, at: number): boolean =>
  at + 6 <= b.length && vrFromCode(((b[at + 4] as number) << 8) | (b[at + 5] as number)) !== undefined;

/** Stray bytes tolerated before a raw dataset (pydicom's no_meta.dcm has one). */
const MAX_LEADING_JUNK = 16;

/**
 * Find where a raw dataset (no preamble, no magic) starts: the first offset, within a
 * few bytes, holding a group 0002 or 0008 element whose length leads exactly to the end
 * or to a plausible next element. Two consistent headers make a false positive on text,
 * JSON or gzip vanishingly unlikely.
 */
function locateRawDataset(b: Uint8Array): number {
  for (let at = 0; at <= MAX_LEADING_JUNK && at + 8 <= b.length; at++) {
    if (plausibleStart(b, at, true) || plausibleStart(b, at, false)) return at;
  }
  throw new DicomParseError('NOT_DICOM', 'no DICM magic and no dataset start', { offset: 0 });
}

function plausibleStart(b: Uint8Array, at: number, le: boolean): boolean {
  const group = u16(b, at, le);
  const explicit = hasVrAt(b, at);
  if ((group !== 0x0002 && group !== 0x0008) || (!le && !explicit)) return false;
  return consistentAt(b, at, le, explicit);
}

/** The element at `at` ends exactly at the end of data or where a plausible next one starts. */
function consistentAt(b: Uint8Array, at: number, le: boolean, explicit: boolean): boolean {
  const next = elementEnd(b, at, le, explicit);
  if (next === Infinity || next === b.length) return true;
  if (next === undefined || next > b.length) return false;
  return next + 8 <= b.length && u16(b, next, le) >= u16(b, at, le) && (!explicit || hasVrAt(b, next));
}

/** Offset just past the element at `at`; Infinity for undefined length; undefined if unreadable. */
function elementEnd(b: Uint8Array, at: number, le: boolean, explicit: boolean): number | undefined {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (!explicit) {
    const len = view.getUint32(at + 4, le);
    return len === 0xffffffff ? Infinity : at + 8 + len;
  }
  const vr = vrFromCode(((b[at + 4] as number) << 8) | (b[at + 5] as number));
  if (vr === undefined) return undefined;
  if (!hasLongLength(vr)) return at + 8 + view.getUint16(at + 6, le);
  if (at + 12 > b.length) return undefined;
  const len = view.getUint32(at + 8, le);
  return len === 0xffffffff ? Infinity : at + 12 + len;
}

function readMeta(reader: DatasetReader): DataSet {
  try {
    return reader.readFileMeta();
  } catch (e) {
    if (!(e instanceof DicomParseError) || e.code === 'TRUNCATED') throw e;
    throw new DicomParseError('BAD_META', 'file meta is malformed', { ...(e.tag && { tag: e.tag }), ...(e.offset !== undefined && { offset: e.offset }) }, { cause: e });
  }
}

/**
 * Without a Transfer Syntax UID the encoding is read off the first element: it must lead
 * consistently to the next one. A valid VR where explicit VR puts one is strong evidence,
 * so explicit candidates are tried first; the byte order is whichever reads consistently.
 * Implicit big endian is no standard syntax and is never guessed.
 */
function inferTransferSyntax(b: Uint8Array, at: number): string {
  if (at + 8 > b.length) throw new DicomParseError('TRUNCATED', 'too little dataset to infer the transfer syntax', { offset: at });
  const explicit = hasVrAt(b, at);
  if (explicit && consistentAt(b, at, true, true)) return TRANSFER_SYNTAX.EXPLICIT_LE;
  if (explicit && consistentAt(b, at, false, true)) return TRANSFER_SYNTAX.EXPLICIT_BE;
  if (consistentAt(b, at, true, false)) return TRANSFER_SYNTAX.IMPLICIT_LE;
  throw new DicomParseError('BAD_META', 'cannot infer the transfer syntax', { offset: at });
}

function inflate(b: Uint8Array, at: number): Uint8Array {
  try {
    const out = inflateRawSync(b.subarray(at), { maxOutputLength: MAX_INFLATED });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (e) {
    throw new DicomParseError('DEFLATE_ERROR', 'deflated dataset does not inflate', { offset: at }, { cause: e });
  }
}

function readDataset(bytes: Uint8Array, at: number, tsUid: string, untilPixelData: boolean): DataSet {
  const ts = transferSyntaxInfo(tsUid);
  if (!ts) throw new DicomParseError('UNSUPPORTED_TRANSFER_SYNTAX', 'transfer syntax not supported', { offset: at });
  const body = ts.deflated ? inflate(bytes, at) : bytes;
  const start = ts.deflated ? 0 : at;
  const reader = new DatasetReader(body, { encapsulated: ts.encapsulated, untilPixelData });
  reader.pos = start;
  const enc: Encoding = { explicit: ts.explicitVr && !looksImplicit(body, start), littleEndian: ts.littleEndian };
  return reader.readDataSet(body.length, enc, false, undefined, 0);
}

/**
 * Some writers declare an explicit VR syntax but write implicit VR (pydicom's
 * SC_rgb_jpeg.dcm). If the first element has no valid VR but reads as a sane implicit
 * element, we read implicit; anything else fails on the strict path as before.
 */
function looksImplicit(b: Uint8Array, at: number): boolean {
  if (at + 8 > b.length || hasVrAt(b, at)) return false;
  const group = u16(b, at, true);
  const length = new DataView(b.buffer, b.byteOffset + at + 4, 4).getUint32(0, true);
  return group >= 0x0008 && group < 0x0100 && length !== 0xffffffff && at + 8 + length <= b.length;
}
