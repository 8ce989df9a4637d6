import { PROFILE_DATA } from './data';
import { canonicalTag, maskedTag } from './tag-input';
import type { ProfileRule } from './types';

/** PS3.15 Table E.1-1 as data, with a lookup that understands its wildcard rows. */
export interface ConfidentialityRules {
  readonly edition: string;
  readonly source: string;
  readonly sha256: string;
  /** Every row of the table, sorted by tag ('PRIVATE' last). */
  readonly rules: readonly ProfileRule[];
  /** The "(gggg,eeee) where gggg is odd" row. */
  readonly privateAttributes: ProfileRule;
  /**
   * The row for a tag: an exact row first; then, for an odd group, the private row; then
   * a repeating-group row ((50xx,xxxx) curves, (60xx,3000)/(60xx,4000) overlays), which
   * matches only the even groups xx00-xx1E. Undefined when the table has no row.
   */
  ruleForTag(tag: string): ProfileRule | undefined;
}

/** Element part of a mask: X matches any hex digit. The group part was masked already. */
function matchesMask(mask: string, masked: string): boolean {
  if (mask.slice(0, 4) !== masked.slice(0, 4)) return false;
  for (let i = 4; i < 8; i += 1) {
    if (mask[i] !== 'X' && mask[i] !== masked[i]) return false;
  }
  return true;
}

function build(): ConfidentialityRules {
  const exact = new Map<string, ProfileRule>();
  const masks: ProfileRule[] = [];
  let privateAttributes: ProfileRule | undefined;
  for (const rule of PROFILE_DATA.rules) {
    if (rule.tag === 'PRIVATE') privateAttributes = rule;
    else if (rule.tag.includes('X')) masks.push(rule);
    else exact.set(rule.tag, rule);
  }
  if (privateAttributes === undefined) throw new Error('confidentiality-profile.json has no private attributes row');
  const privateRule = privateAttributes;
  return {
    edition: PROFILE_DATA.edition,
    source: PROFILE_DATA.source,
    sha256: PROFILE_DATA.sha256,
    rules: PROFILE_DATA.rules,
    privateAttributes: privateRule,
    ruleForTag(input) {
      const tag = canonicalTag(input);
      const hit = exact.get(tag);
      if (hit) return hit;
      if ((parseInt(tag.slice(0, 4), 16) & 1) === 1) return privateRule;
      const masked = maskedTag(tag);
      return masked === tag ? undefined : masks.find((m) => matchesMask(m.tag, masked));
    },
  };
}

let cached: ConfidentialityRules | undefined;

/** The Basic Application Level Confidentiality Profile rules, indexed on first use. */
export function confidentialityRules(): ConfidentialityRules {
  cached ??= build();
  return cached;
}

/** Shorthand for `confidentialityRules().ruleForTag(tag)`. */
export const ruleForTag = (tag: string): ProfileRule | undefined => confidentialityRules().ruleForTag(tag);
