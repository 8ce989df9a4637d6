import { tagOf, vrOf } from '../dicom/tag';
import { exportProblems } from '../export/export-semantics';
import { redactionProblems } from '../redaction/redaction-semantics';
import { MAX_DATE_SHIFT_DAYS } from './config-schema';
import type { CustomRule, DeidOverride, GantryPipelineConfig, TagSelector } from './config-types';
import { isHashableVr, replacementInput } from './replacement-value';

type Problems = string[];

/**
 * The standard tag a keyword or '(gggg,eeee)' names, or why it cannot be used: private
 * tags need their creator (their block moves), and command, file meta and group length
 * elements are not the data set's to change.
 */
export function resolveStandardTag(text: string): { tag: string } | { problem: string } {
  let tag: string;
  try {
    tag = tagOf(text);
  } catch {
    return { problem: 'must be a known DICOM keyword or a (gggg,eeee) tag' };
  }
  const group = parseInt(tag.slice(0, 4), 16);
  if ((group & 1) === 1) return { problem: 'must address a private element as { creator, group, element }' };
  if (group === 0x0000 || group === 0x0002 || tag.endsWith('0000')) {
    return { problem: 'must not address a command, file meta or group length element' };
  }
  return { tag };
}

function checkSelector(selector: TagSelector, at: string, out: Problems): string | undefined {
  if (typeof selector !== 'string') {
    if (parseInt(selector.group, 16) < 0x0009) out.push(`${at}/group: must be an odd group from 0009`);
    return undefined;
  }
  const r = resolveStandardTag(selector);
  if ('problem' in r) out.push(`${at}: ${r.problem}`);
  return 'tag' in r ? r.tag : undefined;
}

function checkOverride(o: DeidOverride, at: string, out: Problems): void {
  const tag = checkSelector(o.tag, `${at}/tag`, out);
  if (o.value !== undefined && o.action !== 'replace') out.push(`${at}/value: is only allowed with action replace`);
  const vr = tag === undefined ? undefined : vrOf(tag);
  if (tag === undefined || vr === undefined) return;
  if ((o.action === 'replace' || o.action === 'hash') && vr === 'SQ') {
    out.push(`${at}/action: ${o.action} is not possible for a sequence`);
  } else if (o.action === 'hash' && !isHashableVr(vr)) {
    out.push(`${at}/action: hash is not possible for VR ${vr}`);
  } else if (o.action === 'replace' && o.value !== undefined) {
    try {
      replacementInput(tag, vr, o.value);
    } catch {
      out.push(`${at}/value: must be a valid ${vr} value`);
    }
  }
}

function checkCustomRule(rule: CustomRule, at: string, seen: Set<string>, out: Problems): void {
  if (seen.has(rule.id)) out.push(`${at}/id: must be unique`);
  seen.add(rule.id);
  if (rule.tag !== undefined) checkSelector(rule.tag, `${at}/tag`, out);
  // The schema compiled the pattern already; a pattern matching '' would flag every value.
  if (rule.pattern !== undefined && new RegExp(rule.pattern, 'u').test('')) {
    out.push(`${at}/pattern: must not match the empty string`);
  }
}

/** Checks the schema cannot express, on a schema-valid configuration with defaults. */
export function semanticProblems(config: GantryPipelineConfig): string[] {
  const out: Problems = [];
  const { minDays, maxDays } = config.deid.dateShift;
  if (minDays > maxDays) out.push('/deid/dateShift/maxDays: must be >= minDays');
  else if (maxDays - minDays > MAX_DATE_SHIFT_DAYS) out.push(`/deid/dateShift: must span at most ${MAX_DATE_SHIFT_DAYS} days`);
  config.deid.overrides.forEach((o, i) => checkOverride(o, `/deid/overrides/${i}`, out));
  const seen = new Set<string>();
  config.deid.customRules.forEach((r, i) => checkCustomRule(r, `/deid/customRules/${i}`, seen, out));
  out.push(...redactionProblems(config.redaction));
  out.push(...exportProblems(config.export));
  return out;
}
