import { TextDecoder } from 'node:util';
import { decodeIso2022 } from './iso2022';
import { isAsciiOnlyVr, type Vr } from './vr';

/**
 * A Specific Character Set (0008,0005) in force for a dataset. Decoding is lenient (bytes
 * we cannot map still become characters, and the raw bytes are kept for writing), but
 * encoding is closed: `encode` returns undefined whenever the text cannot be represented
 * exactly, and the writer turns that into an error rather than emitting mojibake.
 */
export interface Charset {
  /** The normalised defined terms joined by '\\'; '' is the default repertoire. */
  readonly key: string;
  decode(bytes: Uint8Array, vr: Vr): string;
  encode(text: string): Uint8Array | undefined;
}

const SINGLE_BYTE: Readonly<Record<string, string>> = {
  'ISO_IR 6': 'latin1',
  'ISO_IR 100': 'latin1',
  'ISO_IR 101': 'iso-8859-2',
  'ISO_IR 109': 'iso-8859-3',
  'ISO_IR 110': 'iso-8859-4',
  'ISO_IR 144': 'iso-8859-5',
  'ISO_IR 127': 'iso-8859-6',
  'ISO_IR 126': 'iso-8859-7',
  'ISO_IR 138': 'iso-8859-8',
  // WHATWG maps ISO-8859-9 to windows-1254, which differs only in the unused C1 range.
  'ISO_IR 148': 'windows-1254',
  'ISO_IR 203': 'iso-8859-15',
  'ISO_IR 166': 'windows-874',
  'ISO_IR 13': 'shift_jis',
  'ISO_IR 192': 'utf-8',
  GB18030: 'gb18030',
  GBK: 'gbk',
};

const NON_ASCII_RE = /[\u0080-\uffff]/;
const NON_LATIN1_RE = /[\u0100-\uffff]/;
const LONE_SURROGATE_RE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
const toBytes = (text: string, enc: 'latin1' | 'utf8'): Uint8Array => {
  const b = Buffer.from(text, enc);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
};

/** True when no byte needs a character set: every charset decodes these identically. */
export function isPlainAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b >= 0x80 || b === 0x1b) return false;
  }
  return true;
}

const decoders = new Map<string, TextDecoder>();
function decodeWith(label: string, bytes: Uint8Array): string {
  if (label === 'latin1') return latin1(bytes);
  let d = decoders.get(label);
  if (!d) decoders.set(label, (d = new TextDecoder(label)));
  return d.decode(bytes);
}

/** Normalise (0008,0005) values: trim, and an empty value 1 means the default repertoire. */
export function charsetKey(terms: readonly string[]): string {
  const t = terms.map((s) => s.trim());
  while (t.length > 1 && t[t.length - 1] === '') t.pop();
  return t.length === 1 && (t[0] === 'ISO_IR 6' || t[0] === '') ? '' : t.join('\\');
}

function makeCharset(key: string): Charset {
  const terms = key === '' ? [''] : key.split('\\');
  const first = terms[0] ?? '';
  const iso2022 = terms.length > 1 || first.startsWith('ISO 2022');
  const label = SINGLE_BYTE[first] ?? 'latin1';
  const decodeText = iso2022
    ? (bytes: Uint8Array, vr: Vr) => decodeIso2022(bytes, first, vr === 'PN')
    : (bytes: Uint8Array) => decodeWith(label, bytes);
  const encodeAs = key === 'ISO_IR 100' || key === 'ISO 2022 IR 100' ? 'latin1' : key === 'ISO_IR 192' ? 'utf8' : undefined;
  return {
    key,
    decode: (bytes, vr) => (isAsciiOnlyVr(vr) || isPlainAscii(bytes) ? latin1(bytes) : decodeText(bytes, vr)),
    encode: (text) => {
      if (!NON_ASCII_RE.test(text)) return toBytes(text, 'latin1');
      if (encodeAs === 'latin1' && !NON_LATIN1_RE.test(text)) return toBytes(text, 'latin1');
      if (encodeAs === 'utf8' && !LONE_SURROGATE_RE.test(text)) return toBytes(text, 'utf8');
      return undefined;
    },
  };
}

const cache = new Map<string, Charset>();

/** The charset for the values of (0008,0005); unknown terms decode as latin1. */
export function charsetOf(terms: readonly string[]): Charset {
  const key = charsetKey(terms);
  let c = cache.get(key);
  if (!c) cache.set(key, (c = makeCharset(key)));
  return c;
}

/** The default repertoire, in force when (0008,0005) is absent. */
export const DEFAULT_CHARSET: Charset = charsetOf([]);
