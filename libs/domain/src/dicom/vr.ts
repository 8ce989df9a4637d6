/** Every value representation of PS3.5 Table 6.2-1. */
export const VRS = [
  'AE', 'AS', 'AT', 'CS', 'DA', 'DS', 'DT', 'FD', 'FL', 'IS', 'LO', 'LT', 'OB', 'OD', 'OF', 'OL', 'OV',
  'OW', 'PN', 'SH', 'SL', 'SQ', 'SS', 'ST', 'SV', 'TM', 'UC', 'UI', 'UL', 'UN', 'UR', 'US', 'UT', 'UV',
] as const;
export type Vr = (typeof VRS)[number];

/** How a VR's value is held in the model. */
export type VrKind = 'text' | 'number' | 'bigint' | 'tag' | 'bytes' | 'sequence';

const KIND: Readonly<Record<Vr, VrKind>> = {
  AE: 'text', AS: 'text', CS: 'text', DA: 'text', DS: 'text', DT: 'text', IS: 'text', LO: 'text',
  LT: 'text', PN: 'text', SH: 'text', ST: 'text', TM: 'text', UC: 'text', UI: 'text', UR: 'text',
  UT: 'text', US: 'number', SS: 'number', UL: 'number', SL: 'number', FL: 'number', FD: 'number',
  SV: 'bigint', UV: 'bigint', AT: 'tag', OB: 'bytes', OD: 'bytes', OF: 'bytes', OL: 'bytes',
  OV: 'bytes', OW: 'bytes', UN: 'bytes', SQ: 'sequence',
};

/** VRs whose explicit-VR header has two reserved bytes and a 32-bit length. */
const LONG_LENGTH = new Set<Vr>(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

/** Text VRs that hold one value: a backslash in them is data, not a delimiter. */
const SINGLE_VALUED_TEXT = new Set<Vr>(['LT', 'ST', 'UT', 'UR']);

/** Size of one binary value; a value length must be a multiple of it. */
const UNIT_SIZE: Partial<Readonly<Record<Vr, number>>> = {
  US: 2, SS: 2, UL: 4, SL: 4, FL: 4, FD: 8, SV: 8, UV: 8, AT: 4, OW: 2, OF: 4, OL: 4, OD: 8, OV: 8,
};

/** Text VRs whose characters are limited to the default repertoire (never charset-decoded). */
const ASCII_ONLY = new Set<Vr>(['AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'TM', 'UI', 'UR']);

const BY_CODE = new Map<number, Vr>(VRS.map((vr) => [(vr.charCodeAt(0) << 8) | vr.charCodeAt(1), vr]));

export const isVr = (s: string): s is Vr => (KIND as Record<string, VrKind | undefined>)[s] !== undefined;
export const vrKind = (vr: Vr): VrKind => KIND[vr];
export const hasLongLength = (vr: Vr): boolean => LONG_LENGTH.has(vr);
export const isSingleValuedText = (vr: Vr): boolean => SINGLE_VALUED_TEXT.has(vr);
export const isAsciiOnlyVr = (vr: Vr): boolean => ASCII_ONLY.has(vr);
export const unitSize = (vr: Vr): number => UNIT_SIZE[vr] ?? 1;
/** The VR spelled by two bytes of an explicit-VR header, or undefined if they spell none. */
export const vrFromCode = (code: number): Vr | undefined => BY_CODE.get(code);

/**
 * Whether the in-memory bytes of this VR depend on the stream's byte order. Only these
 * need swapping when read from big endian; OB/UN are byte streams and text is text.
 */
export const isByteOrderDependent = (vr: Vr): boolean => {
  const kind = KIND[vr];
  return kind === 'number' || kind === 'bigint' || kind === 'tag' || (kind === 'bytes' && unitSize(vr) > 1);
};

/** Padding to an even length: NUL for UI and binary data, space for other text (PS3.5 6.2). */
export const padByte = (vr: Vr): number => (vr === 'UI' || KIND[vr] !== 'text' ? 0x00 : 0x20);
