import type { Vr } from '../dicom/vr';

/** What an identifier in a kept text becomes. No letters, so it cannot read as a name. */
export const CLEAN_PLACEHOLDER = '***';

/** PS3.5 Table 6.2-1 maximum lengths (characters) of the text VRs that get cleaned. */
const MAX_LENGTH: Readonly<Partial<Record<Vr, number>>> = {
  AE: 16, CS: 16, SH: 16, LO: 64, PN: 64, ST: 1024, LT: 10240, UC: 0xfffffffe, UT: 0xfffffffe,
};

/** Free-text VRs searched for the object's identifiers. Code strings and AE titles are not free text. */
export const SCANNED_TEXT_VRS: ReadonlySet<Vr> = new Set<Vr>(['LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UT']);

/** A regex that a `lastIndex` left behind by an earlier test cannot throw off. */
export function matches(regex: RegExp, value: string): boolean {
  regex.lastIndex = 0;
  const hit = regex.test(value);
  regex.lastIndex = 0;
  return hit;
}

/**
 * Replace every match of every (global) regex by the placeholder, then cut to the VR's
 * maximum length: '***' is longer than a two-letter name, and the result must stay valid.
 */
export function cleanValue(value: string, vr: Vr, regexes: readonly RegExp[]): string {
  let out = value;
  for (const r of regexes) out = out.replace(r, CLEAN_PLACEHOLDER);
  const max = MAX_LENGTH[vr];
  return max !== undefined && out.length > max ? out.slice(0, max) : out;
}
