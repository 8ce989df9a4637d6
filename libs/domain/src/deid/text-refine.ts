import type { DicomElement } from '../dicom/element';
import { vrKind } from '../dicom/vr';
import type { CompiledCustomRule } from './compiled-rules';
import type { DeidAction } from './deid-types';
import type { Decision } from './element-decision';
import type { PlanEnvironment } from './plan-environment';
import { SCANNED_TEXT_VRS, matches } from './text-clean';

/** When several pattern rules match, the one that removes most wins. */
const STRICTNESS: Readonly<Partial<Record<DeidAction, number>>> = { X: 4, Z: 3, D: 2, C: 1, K: 0 };

function matchingPatternRule(el: DicomElement, values: readonly string[], env: PlanEnvironment): CompiledCustomRule | undefined {
  let best: CompiledCustomRule | undefined;
  for (const r of env.rules.patternRules) {
    if ((r.tag !== undefined && r.tag !== el.tag) || !(r.vrs?.has(el.vr) ?? false)) continue;
    if (!values.some((v) => matches(r.regex as RegExp, v))) continue;
    if (best === undefined || (STRICTNESS[r.action] ?? 0) > (STRICTNESS[best.action] ?? 0)) best = r;
  }
  return best;
}

/**
 * A value that survives (K or C) by the profile's decision is checked against the custom
 * pattern rules, then, for free text, against this object's own identifiers: a hit turns
 * it into C, and the remediator replaces each occurrence. Explicit decisions are final.
 */
export function refineText(el: DicomElement, d: Decision, env: PlanEnvironment): Decision {
  if (d.explicit === true || (d.action !== 'K' && d.action !== 'C') || vrKind(el.vr) !== 'text') return d;
  const values = el.value as readonly string[];
  const creator = d.creator === undefined ? {} : { creator: d.creator };
  const rule = env.rules.patternRules.length === 0 ? undefined : matchingPatternRule(el, values, env);
  if (rule) return { action: rule.action, rule: `custom:${rule.id}`, reason: rule.reason, explicit: true, ...creator };
  if (!SCANNED_TEXT_VRS.has(el.vr)) return d;
  for (const m of env.identifiers) {
    if (values.some((v) => matches(m.regex, v))) return { action: 'C', rule: `text:${m.kind}`, reason: 'IDENTIFIER_IN_TEXT', ...creator };
  }
  return d;
}
