import type { DataSet } from '../dicom/data-set';
import type { DicomObject } from '../dicom/parse-dicom';
import { vrKind } from '../dicom/vr';
import { walk } from '../dicom/walk';
import { birthDatePatterns } from './birth-date-forms';

/** Kinds of identifier a free text may repeat, in the order a hit is reported. */
export const IDENTIFIER_KINDS = ['patient-name', 'patient-id', 'birth-date', 'accession', 'other-id'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

/** Where each kind is found, at any depth of the object. */
const SOURCES: Readonly<Record<string, IdentifierKind>> = {
  '00100010': 'patient-name', // Patient's Name
  '00101001': 'patient-name', // Other Patient Names
  '00101005': 'patient-name', // Patient's Birth Name
  '00101060': 'patient-name', // Patient's Mother's Birth Name
  '00102297': 'patient-name', // Responsible Person
  '00100020': 'patient-id', // Patient ID
  '00101000': 'patient-id', // Other Patient IDs
  '00100030': 'birth-date', // Patient's Birth Date
  '00080050': 'accession', // Accession Number
  '00100021': 'other-id', // Issuer of Patient ID
  '00101090': 'other-id', // Medical Record Locator
  '00380010': 'other-id', // Admission ID
  '00200010': 'other-id', // Study ID
  '00401001': 'other-id', // Requested Procedure ID
  '00402016': 'other-id', // Placer Order Number
  '00402017': 'other-id', // Filler Order Number
};

/** Name parts shorter than this, and IDs shorter than MIN_ID, would match ordinary words. */
const MIN_NAME_PART = 2;
const MIN_ID = 3;
/** Word boundary: no letter or digit on either side. */
const WORD = (body: string): string => `(?<![\\p{L}\\p{N}])(?:${body})(?![\\p{L}\\p{N}])`;
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Family, given and middle name of every component group; prefixes and suffixes (Dr,
 * Jr) identify nobody. Parts are split on spaces, hyphens, commas and periods.
 */
function nameParts(pn: string): string[] {
  return pn
    .split('=')
    .flatMap((group) => group.split('^').slice(0, 3))
    .flatMap((c) => c.split(/[\s,.-]+/u))
    .filter((p) => p.length >= MIN_NAME_PART && /\p{L}/u.test(p));
}

/** One regex (global, case-insensitive) per identifier kind found in the object. */
export interface IdentifierMatcher {
  readonly kind: IdentifierKind;
  readonly regex: RegExp;
}

function terms(kind: IdentifierKind, values: readonly string[], prefix: string): string[] {
  // A pseudonym from an earlier run ('GANTRY-Q3…') is no identifier, but its prefix would match our own words.
  const own = (v: string): string => (prefix !== '' && v.startsWith(prefix) ? v.slice(prefix.length) : v);
  if (kind === 'patient-name') return values.map(own).flatMap(nameParts).map(escape);
  if (kind === 'birth-date') return values.flatMap(birthDatePatterns);
  return values.map((v) => own(v.trim())).filter((v) => v.length >= MIN_ID).map(escape);
}

function collectValues(ds: DataSet): Map<IdentifierKind, Set<string>> {
  const found = new Map<IdentifierKind, Set<string>>();
  walk(ds, (el) => {
    const kind = SOURCES[el.tag];
    if (kind === undefined || vrKind(el.vr) !== 'text') return;
    const set = found.get(kind) ?? new Set<string>();
    for (const v of el.value as readonly string[]) if (v.trim() !== '') set.add(v.trim());
    found.set(kind, set);
  });
  return found;
}

/**
 * Matchers for this object's own identifiers (names, IDs, birth date, accession and
 * other MRN-like IDs), collected at every depth, removed sequences included: a value
 * elsewhere in the object is what a free text is most likely to repeat. Values that
 * start with `pseudonymPrefix` lose it first.
 */
export function identifierMatchers(obj: DicomObject, pseudonymPrefix = ''): IdentifierMatcher[] {
  const found = collectValues(obj.dataset);
  const out: IdentifierMatcher[] = [];
  for (const kind of IDENTIFIER_KINDS) {
    const list = [...new Set(terms(kind, [...(found.get(kind) ?? [])], pseudonymPrefix))];
    if (list.length === 0) continue;
    // Longest first, so a name that contains another is replaced whole.
    list.sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    const body = kind === 'birth-date' ? `(?<!\\d)(?:${list.join('|')})(?!\\d)` : WORD(list.join('|'));
    out.push({ kind, regex: new RegExp(body, 'giu') });
  }
  return out;
}
