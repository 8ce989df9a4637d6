import { birthDatePatterns } from '../deid/birth-date-forms';
import type { DataSet } from '../dicom/data-set';
import type { DicomElement } from '../dicom/element';
import type { DicomObject } from '../dicom/parse-dicom';
import { vrKind } from '../dicom/vr';
import { walk } from '../dicom/walk';
import { isGantryText } from './gantry-values';
import type { KnownValues } from './known-values';

export type KnownValueKind = 'name' | 'id' | 'birth-date' | 'uid';

/** Where a known value was found: a path and what kind of value, never the value. */
export interface KnownValueHit {
  readonly path: string;
  readonly kind: KnownValueKind;
}

/** Name parts and IDs shorter than this would match ordinary words (as the inspector's matchers). */
const MIN_NAME_PART = 2;
const MIN_ID = 3;
/** In binary values only longer values are searched: short ones occur there by chance. */
const MIN_BINARY = 4;
/**
 * Values Gantry writes as dummies: a patient literally named "Anonymous" is not identified
 * by the dummy, and searching for it would block every object.
 */
const PLACEHOLDERS = new Set(['ANONYMOUS', 'ANONYMIZED', 'ANONYMISED', 'UNKNOWN']);
/** Bulk data: image, overlay and waveform samples are not text; burned-in text is the pixel check's. */
const BULK = /^(7FE000(08|09|10)|60[0-9A-F]{2}3000|54001010)$/;
/** Numbers, times and ages cannot hold a name; an ID equal to a number would be chance. */
const NOT_SEARCHED_TEXT = new Set(['DS', 'IS', 'TM', 'AS']);
/**
 * Code strings and AE titles hold defined terms (CT, MR, PRIMARY), not prose: they are
 * compared whole, since a name part such as the 'CT' of 'CQ500-CT-310' is also a modality.
 */
const CODED = new Set(['CS', 'AE']);

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const WORD = (body: string): string => `(?<![\\p{L}\\p{N}])(?:${body})(?![\\p{L}\\p{N}])`;
const longestFirst = (a: string, b: string): number => b.length - a.length || (a < b ? -1 : 1);

function nameTerms(names: readonly string[]): string[] {
  const whole = names.flatMap((n) => [n, n.replace(/[\^=]+/g, ' ').trim()]);
  // Family, given and middle name of each component group; prefixes and suffixes (Dr, Jr) identify nobody.
  const parts = names.flatMap((n) => n.split('=').flatMap((g) => g.split('^').slice(0, 3))).flatMap((c) => c.split(/[\s,.-]+/u));
  return [...whole, ...parts].filter((p) => p.length >= MIN_NAME_PART && /\p{L}/u.test(p) && !PLACEHOLDERS.has(p.toUpperCase()));
}

const idTerms = (ids: readonly string[]): string[] => ids.filter((v) => v.length >= MIN_ID && !PLACEHOLDERS.has(v.toUpperCase()));

function alternation(terms: readonly string[], wrap: (body: string) => string): RegExp | undefined {
  const unique = [...new Set(terms)].sort(longestFirst);
  return unique.length === 0 ? undefined : new RegExp(wrap(unique.map(escape).join('|')), 'iu');
}

/** The known values compiled once per object: one regex per kind. */
class Matchers {
  readonly name: RegExp | undefined;
  readonly id: RegExp | undefined;
  readonly birth: RegExp | undefined;
  readonly binaryName: RegExp | undefined;
  readonly binaryId: RegExp | undefined;
  readonly births: readonly string[];
  readonly uids: readonly string[];
  /** Whole names and IDs, upper case, for coded values. */
  readonly whole: ReadonlySet<string>;

  constructor(known: KnownValues) {
    const names = nameTerms(known.names);
    const ids = idTerms(known.ids);
    this.name = alternation(names, WORD);
    this.id = alternation(ids, WORD);
    const forms = known.birthDates.flatMap(birthDatePatterns);
    this.birth = forms.length === 0 ? undefined : new RegExp(`(?<!\\d)(?:${forms.join('|')})(?!\\d)`, 'iu');
    this.binaryName = alternation(names.filter((n) => n.length >= MIN_BINARY), WORD);
    // Binary values have no word structure: an ID is searched anywhere in them.
    this.binaryId = alternation(ids.filter((n) => n.length >= MIN_BINARY), (body) => body);
    this.births = known.birthDates;
    this.uids = known.uids.filter((u) => u.length >= MIN_BINARY);
    const whole = [...known.names.flatMap((n) => [n, n.replace(/[\^=]+/g, ' ').trim()]), ...ids];
    this.whole = new Set(whole.filter((v) => v.length >= MIN_NAME_PART && !PLACEHOLDERS.has(v.toUpperCase())).map((v) => v.toUpperCase()));
  }
}

function textHit(values: readonly string[], m: Matchers): KnownValueKind | undefined {
  for (const v of values) {
    if (isGantryText(v)) continue;
    if (m.uids.some((u) => v.includes(u))) return 'uid';
    if (m.name?.test(v)) return 'name';
    if (m.id?.test(v)) return 'id';
    if (m.birth?.test(v)) return 'birth-date';
  }
  return undefined;
}

/** Bytes of a binary element read as Latin-1 (UTF-8 text stays searchable as its ASCII parts). */
function binaryHit(bytes: Uint8Array, m: Matchers): KnownValueKind | undefined {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const utf8 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (m.uids.some((u) => text.includes(u))) return 'uid';
  if (m.binaryName?.test(text) || m.binaryName?.test(utf8)) return 'name';
  if (m.binaryId?.test(text)) return 'id';
  return m.births.some((b) => text.includes(b)) ? 'birth-date' : undefined;
}

function elementHit(el: DicomElement, m: Matchers): KnownValueKind | undefined {
  const kind = vrKind(el.vr);
  if (kind === 'bytes') return BULK.test(el.tag) || !(el.value instanceof Uint8Array) ? undefined : binaryHit(el.value, m);
  if (kind !== 'text' || NOT_SEARCHED_TEXT.has(el.vr)) return undefined;
  const values = (el.value as readonly string[]).map((v) => v.trim());
  if (el.vr === 'UI') return values.some((v) => m.uids.includes(v)) ? 'uid' : undefined;
  if (el.vr === 'DA') return values.some((v) => m.births.includes(v)) ? 'birth-date' : undefined;
  if (el.vr === 'DT') return values.some((v) => m.births.some((b) => v.startsWith(b))) ? 'birth-date' : undefined;
  if (CODED.has(el.vr)) return values.some((v) => m.whole.has(v.toUpperCase())) ? 'name' : undefined;
  return textHit(values, m);
}

function scan(ds: DataSet, m: Matchers, out: KnownValueHit[]): void {
  walk(ds, (el, path) => {
    const kind = elementHit(el, m);
    if (kind !== undefined) out.push({ path, kind });
  });
}

/**
 * Every element of an object (file meta, every item at any depth, private elements,
 * binary values other than bulk pixel data) that holds one of the patient's original
 * identifying values: a name or one of its parts, an ID, the birth date in any common
 * written form, or an original UID. Case-insensitive and word-bounded, as the
 * inspector matches them. Returns where, and what kind; never what.
 */
export function scanKnownValues(obj: DicomObject, known: KnownValues): KnownValueHit[] {
  const m = new Matchers(known);
  const out: KnownValueHit[] = [];
  scan(obj.meta, m, out);
  scan(obj.dataset, m, out);
  return out;
}
