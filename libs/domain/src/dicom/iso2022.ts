import { TextDecoder } from 'node:util';

/**
 * Decoder for Specific Character Sets using ISO 2022 code extensions (PS3.5 6.1.2.5):
 * escape sequences switch the G0 (bytes < 0x80) and G1 (bytes >= 0x80) code elements
 * mid-value. Each run of bytes under one code element is transcoded to an encoding
 * WHATWG's TextDecoder knows (EUC for the double-byte sets) and decoded in one call.
 */

interface CodeElement {
  readonly label: string;
  /** Bytes per character; 2 for the ideographic sets. */
  readonly width: 1 | 2;
  /** Bytes to emit before each character so the target decoder sees the right set. */
  readonly prefix?: number;
  /** OR-ed into GL bytes so double-byte G0 sets decode as EUC. */
  readonly highBit?: boolean;
}

const ASCII: CodeElement = { label: 'ascii', width: 1 };
const ROMAJI: CodeElement = { label: 'romaji', width: 1 };
const KATAKANA: CodeElement = { label: 'shift_jis', width: 1 };
const JISX0208: CodeElement = { label: 'euc-jp', width: 2, highBit: true };
const JISX0212: CodeElement = { label: 'euc-jp', width: 2, highBit: true, prefix: 0x8f };
const KSX1001: CodeElement = { label: 'euc-kr', width: 2 };
const GB2312: CodeElement = { label: 'gb18030', width: 2 };
const part = (label: string): CodeElement => ({ label, width: 1 });

/** G1 sets that are the upper half of an ISO 8859 part, by defined term and by final byte. */
const UPPER_HALVES: ReadonlyArray<readonly [term: string, final: number, element: CodeElement]> = [
  ['ISO 2022 IR 100', 0x41, part('latin1')],
  ['ISO 2022 IR 101', 0x42, part('iso-8859-2')],
  ['ISO 2022 IR 109', 0x43, part('iso-8859-3')],
  ['ISO 2022 IR 110', 0x44, part('iso-8859-4')],
  ['ISO 2022 IR 144', 0x4c, part('iso-8859-5')],
  ['ISO 2022 IR 127', 0x47, part('iso-8859-6')],
  ['ISO 2022 IR 126', 0x46, part('iso-8859-7')],
  ['ISO 2022 IR 138', 0x48, part('iso-8859-8')],
  ['ISO 2022 IR 148', 0x4d, part('windows-1254')],
  ['ISO 2022 IR 203', 0x62, part('iso-8859-15')],
  ['ISO 2022 IR 166', 0x54, part('windows-874')],
];

interface State {
  g0: CodeElement;
  g1: CodeElement | undefined;
}

/** The state value 1 of (0008,0005) establishes, and that every delimiter returns to. */
export function initialIso2022State(firstTerm: string): State {
  if (firstTerm === 'ISO 2022 IR 13') return { g0: ROMAJI, g1: KATAKANA };
  const upper = UPPER_HALVES.find(([term]) => term === firstTerm);
  return { g0: ASCII, g1: upper?.[2] };
}

type Escape = readonly [bytes: readonly number[], register: 'g0' | 'g1', element: CodeElement];

/** Escape sequences (after ESC) of the code elements DICOM allows, PS3.3 C.12.1.1.2. */
const ESCAPES: readonly Escape[] = [
  [[0x28, 0x42], 'g0', ASCII],
  [[0x28, 0x4a], 'g0', ROMAJI],
  [[0x29, 0x49], 'g1', KATAKANA],
  [[0x24, 0x42], 'g0', JISX0208],
  [[0x24, 0x40], 'g0', JISX0208],
  [[0x24, 0x28, 0x44], 'g0', JISX0212],
  [[0x24, 0x29, 0x43], 'g1', KSX1001],
  [[0x24, 0x29, 0x41], 'g1', GB2312],
  ...UPPER_HALVES.map(([, final, el]): Escape => [[0x2d, final], 'g1', el]),
];

/** Switches the state for the escape at `i` and returns its length, or 0 if unknown. */
function applyEscape(b: Uint8Array, i: number, s: State): number {
  for (const [seq, register, el] of ESCAPES) {
    if (seq.every((v, k) => b[i + 1 + k] === v)) {
      s[register] = el;
      return seq.length + 1;
    }
  }
  return 0;
}

const decoders = new Map<string, TextDecoder>();
function decodeRun(el: CodeElement, bytes: number[]): string {
  if (bytes.length === 0) return '';
  // JIS X 0201 Romaji differs from ASCII only at 5/12 and 7/14; 5/12 is DICOM's value
  // delimiter whatever the charset, so both are read as ASCII, as pydicom does.
  if (el === ASCII || el === ROMAJI || el.label === 'latin1') return Buffer.from(bytes).toString('latin1');
  let d = decoders.get(el.label);
  if (!d) decoders.set(el.label, (d = new TextDecoder(el.label)));
  return d.decode(Uint8Array.from(bytes));
}

/** Delimiters before which an encoder must have returned to the initial code elements. */
function isDelimiter(byte: number, pn: boolean): boolean {
  return byte === 0x5c || byte === 0x0d || byte === 0x0a || byte === 0x09 || byte === 0x0c || (pn && (byte === 0x5e || byte === 0x3d));
}

export function decodeIso2022(bytes: Uint8Array, firstTerm: string, pn: boolean): string {
  const initial = initialIso2022State(firstTerm);
  const s: State = { ...initial };
  let out = '';
  let run: number[] = [];
  let runEl: CodeElement = s.g0;
  const emit = (el: CodeElement, ...chars: number[]): void => {
    if (el !== runEl) {
      out += decodeRun(runEl, run);
      run = [];
      runEl = el;
    }
    run.push(...chars);
  };
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    if (b === 0x1b) {
      const len = applyEscape(bytes, i, s);
      if (len > 0) {
        i += len;
        continue;
      }
    }
    const el = b < 0x80 ? s.g0 : (s.g1 ?? ASCII);
    if (el.width === 2 && b > 0x20 && i + 1 < bytes.length) {
      const hi = el.highBit ? 0x80 : 0;
      const pair = [b | hi, (bytes[i + 1] as number) | hi];
      emit(el, ...(el.prefix === undefined ? pair : [el.prefix, ...pair]));
      i += 2;
      continue;
    }
    emit(el.width === 2 ? ASCII : el, b);
    if (b < 0x80 && isDelimiter(b, pn)) Object.assign(s, initial);
    i += 1;
  }
  return out + decodeRun(runEl, run);
}
