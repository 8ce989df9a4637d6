import { AtRiskReason, Fill, isAtRisk, machineMatches, RedactionConfig, RedactionHeader, Zone } from '@gantry/domain';

/**
 * What the rules say about one image, from its ORIGINAL header (the remediated copy may
 * have lost the serial number or the description a rule looks at):
 * - `redact`: a rule matched and names zones;
 * - `pass`: nothing to paint, because a rule matched with no zones (the operator states
 *   the machine burns no text in) or no rule matched and the image is not at risk;
 * - `hold`: at risk and no rule: it must not leave until a rule covers it.
 * A matching rule is applied whether or not the image is at risk: the at-risk policy only
 * decides what a MISSING rule means, and a rule the operator wrote is never ignored.
 */
export type RedactionDecision =
  | { readonly kind: 'redact'; readonly ruleId: string; readonly zones: readonly Zone[]; readonly fill?: Fill; readonly risk: AtRiskReason[] }
  | { readonly kind: 'pass'; readonly ruleId: string | null; readonly risk: AtRiskReason[] }
  | { readonly kind: 'hold'; readonly reason: 'NO_MATCHING_RULE'; readonly risk: AtRiskReason[] };

/**
 * A rule without an id is named by its position, which the event schema accepts
 * ('machines.3'); ids are the operator's to choose and stay stable across edits.
 */
export const ruleIdOf = (id: string | undefined, index: number): string => id ?? `machines.${index}`;

export function decideRedaction(config: RedactionConfig, header: RedactionHeader): RedactionDecision {
  const { reasons: risk } = isAtRisk(config, header);
  const index = config.machines.findIndex((rule) => machineMatches(rule.match, header));
  const rule = config.machines[index];
  if (rule === undefined) return risk.length > 0 ? { kind: 'hold', reason: 'NO_MATCHING_RULE', risk } : { kind: 'pass', ruleId: null, risk };
  const ruleId = ruleIdOf(rule.id, index);
  if (rule.zones.length === 0) return { kind: 'pass', ruleId, risk };
  return { kind: 'redact', ruleId, zones: rule.zones, ...(rule.fill !== undefined && { fill: rule.fill }), risk };
}
