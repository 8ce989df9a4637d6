/**
 * Byte-level writer of DICOM streams for tests: it writes exactly what it is told,
 * including malformed lengths, odd values and foreign byte orders, which the real
 * writer refuses to produce. Not exported from the package.
 */

export interface RawEncoding {
  readonly explicit: boolean;
  readonly littleEndian: boolean;
}

export const EXPLICIT_LE: RawEncoding = { explicit: true, littleEndian: true };
export const IMPLICIT_LE: RawEncoding = { explicit: false, littleEndian: true };
export const EXPLICIT_BE: RawEncoding = { explicit: true, littleEndian: false };

export const UNDEFINED_LENGTH = 0xffffffff;
const LONG = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

export const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
export const ascii = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function u16(n: number, le = true): Uint8Array {
  const b = new Uint8Array(2);
  new DataView(b.buffer).setUint16(0, n, le);
  return b;
}

export function u32(n: number, le = true): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, le);
  return b;
}

/** Numbers of a binary VR in the given byte order. */
export function numbers(vr: 'US' | 'SS' | 'UL' | 'FL' | 'FD', values: number[], le = true): Uint8Array {
  const size = vr === 'US' || vr === 'SS' ? 2 : vr === 'FD' ? 8 : 4;
  const b = new Uint8Array(values.length * size);
  const v = new DataView(b.buffer);
  values.forEach((x, i) => {
    if (vr === 'US') v.setUint16(i * 2, x, le);
    else if (vr === 'SS') v.setInt16(i * 2, x, le);
    else if (vr === 'UL') v.setUint32(i * 4, x, le);
    else if (vr === 'FL') v.setFloat32(i * 4, x, le);
    else v.setFloat64(i * 8, x, le);
  });
  return b;
}

/** One element; `length` overrides the value's real length (UNDEFINED_LENGTH too). */
export function element(enc: RawEncoding, tag: number, vr: string, value: Uint8Array, length = value.length): Uint8Array {
  const le = enc.littleEndian;
  const head = concat(u16(tag >>> 16, le), u16(tag & 0xffff, le));
  if (!enc.explicit) return concat(head, u32(length, le), value);
  if (LONG.has(vr)) return concat(head, ascii(vr), bytes(0, 0), u32(length, le), value);
  return concat(head, ascii(vr), u16(length, le), value);
}

export function item(enc: RawEncoding, content: Uint8Array, undefinedLength = false): Uint8Array {
  const le = enc.littleEndian;
  const head = concat(u16(0xfffe, le), u16(0xe000, le), u32(undefinedLength ? UNDEFINED_LENGTH : content.length, le));
  return undefinedLength ? concat(head, content, u16(0xfffe, le), u16(0xe00d, le), u32(0, le)) : concat(head, content);
}

export function sequenceEnd(enc: RawEncoding): Uint8Array {
  return concat(u16(0xfffe, enc.littleEndian), u16(0xe0dd, enc.littleEndian), u32(0, enc.littleEndian));
}

/** A text value padded to even length as a conforming writer would. */
export function text(s: string, pad = ' '): Uint8Array {
  return ascii(s.length % 2 === 0 ? s : s + pad);
}

/** Preamble, magic and an explicit VR LE file meta declaring `transferSyntaxUid` (if given). */
export function part10(transferSyntaxUid: string | undefined, dataset: Uint8Array): Uint8Array {
  const meta = concat(
    element(EXPLICIT_LE, 0x00020001, 'OB', bytes(0, 1)),
    element(EXPLICIT_LE, 0x00020002, 'UI', text('1.2.840.10008.5.1.4.1.1.7', '\0')),
    element(EXPLICIT_LE, 0x00020003, 'UI', text('1.2.3.4', '\0')),
    transferSyntaxUid === undefined ? new Uint8Array(0) : element(EXPLICIT_LE, 0x00020010, 'UI', text(transferSyntaxUid, '\0')),
  );
  const groupLength = element(EXPLICIT_LE, 0x00020000, 'UL', u32(meta.length));
  return concat(new Uint8Array(128), ascii('DICM'), groupLength, meta, dataset);
}
