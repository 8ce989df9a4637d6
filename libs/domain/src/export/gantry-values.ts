import { BASIC_PROFILE_CODE, DEID_METHOD, OPTION_CODES } from '../deid/deid-markers';
import { dummyValue } from '../deid/dummy-values';
import { isRegistryUid } from '../deid/uid-remap';
import type { DicomElement } from '../dicom/element';
import { vrKind } from '../dicom/vr';
import { CLEAN_PIXEL_DATA_CODE, REDACTION_DERIVATION_CODE } from '../redaction/mark-redacted';

/*
 * Recognisers of the values Gantry itself writes into a de-identified object: keyed
 * pseudonyms, keyed 2.25 UIDs, the fixed dummies and the redaction record. The exporter
 * uses them to tell a value the remediator made from a value that survived it.
 */

const TWO_128 = 1n << 128n;
const UUID_UID = /^2\.25\.(0|[1-9][0-9]{0,38})$/;

/**
 * A UID made by remapUid: 2.25 followed by a 128-bit integer laid out as a version 8
 * (custom) UUID with the RFC 4122 variant. Other 2.25 UIDs (random version 4 UUIDs that
 * devices mint) do not pass, so an original UID cannot masquerade as a remapped one.
 */
export function isGantryUid(uid: string): boolean {
  const m = UUID_UID.exec(uid);
  if (!m) return false;
  const n = BigInt(m[1] as string);
  return n < TWO_128 && ((n >> 76n) & 0xfn) === 8n && ((n >> 62n) & 0x3n) === 2n;
}

/** A UID a de-identified object may carry where the profile remaps: remapped, or a registry (SOP class, code) UID. */
export const isAcceptableRemappedUid = (uid: string): boolean => uid === '' || isRegistryUid(uid) || isGantryUid(uid);

/** The keyed patient pseudonym: the configured prefix and 16 base32 characters. */
export function isPseudonym(value: string, prefix: string): boolean {
  return value.startsWith(prefix) && /^[A-Z2-7]{16}$/.test(value.slice(prefix.length));
}

const texts = (el: DicomElement): readonly string[] => el.value as readonly string[];

/** Zero length, or text values that are all blank. */
export function isEmptyElement(el: DicomElement): boolean {
  const v = el.value;
  if (v instanceof Uint8Array) return v.length === 0;
  if (Array.isArray(v)) return v.length === 0 || (vrKind(el.vr) === 'text' && texts(el).every((s) => s.trim() === ''));
  return false;
}

/** The fixed dummy of the element's VR (PS3.15 'D' as applyDeidentification writes it). */
export function isDummyElement(el: DicomElement): boolean {
  const kind = vrKind(el.vr);
  const v = el.value;
  if (kind === 'bytes') return v instanceof Uint8Array && v.length > 0 && v.every((b) => b === 0);
  if (kind === 'sequence') return true;
  const expected = dummyValue(el.vr) as readonly (string | number | bigint)[];
  const actual = v as readonly (string | number | bigint)[];
  if (kind === 'text') return actual.length > 0 && actual.every((s) => String(s).trim() === expected[0]);
  return actual.length > 0 && actual.every((n) => n === expected[0]);
}

/** What the redactor writes into Derivation Description (see redaction/mark-redacted). */
const REDACTION_DESCRIPTION = /^Burned-in annotation removed by Gantry: \d{1,3} zone\(s\) filled in every frame$/;

/**
 * An element the pipeline wrote itself after de-identification, which the profile would
 * otherwise remove: the redactor's Derivation Description, and nothing more.
 */
export function isGantryMark(el: DicomElement): boolean {
  return el.tag === '00082111' && el.vr === 'ST' && texts(el).length === 1 && REDACTION_DESCRIPTION.test(texts(el)[0] ?? '');
}

/**
 * Text Gantry itself writes (the de-identification method and code meanings, the
 * redaction record): fixed strings that cannot carry a patient value, so a patient who
 * happens to be called "Profile" or "Frame" is not found in them.
 */
const GANTRY_TEXT = new Set<string>([
  DEID_METHOD,
  BASIC_PROFILE_CODE.meaning,
  ...Object.values(OPTION_CODES).flatMap((o) => [o.label, o.meaning]),
  CLEAN_PIXEL_DATA_CODE.meaning,
  'Clean Pixel Data',
  REDACTION_DERIVATION_CODE.meaning,
]);

export const isGantryText = (value: string): boolean => GANTRY_TEXT.has(value) || REDACTION_DESCRIPTION.test(value);
