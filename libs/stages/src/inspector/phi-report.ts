import {
  ActionCounts,
  CODE_PATTERN,
  DeidPlan,
  Finding,
  findingsOf,
  MAX_FINDINGS_PER_EVENT,
  PhiFoundData,
  PlannedAction,
} from '@gantry/domain';

const CODE = new RegExp(CODE_PATTERN);

/**
 * A custom rule may name a one-letter reason the event contract (two characters at least)
 * cannot carry; it is reported under the generic code. The plan hash is computed over the
 * plan itself, so the remediator's re-plan still matches.
 */
const reportableReason = (reason: string): string => (CODE.test(reason) ? reason : 'CUSTOM_RULE');

function toFinding(a: PlannedAction): Finding {
  const f: Finding = { path: a.path, rule: a.rule, action: a.action, reason: reportableReason(a.reason) };
  return a.creator === undefined ? f : { ...f, creator: a.creator };
}

/** How many elements got each action (K included): what the plan does, in numbers. */
export function actionCounts(actions: readonly Pick<PlannedAction, 'action'>[]): ActionCounts {
  const counts: ActionCounts = {};
  for (const a of actions) counts[a.action] = (counts[a.action] ?? 0) + 1;
  return counts;
}

/**
 * The PhiFound payload for a plan: every element that is not simply kept, as path, rule,
 * action and reason (never a value), capped at MAX_FINDINGS_PER_EVENT; the counts always
 * cover the whole plan, and `findingsTruncated` says when the list does not.
 */
export function phiFoundData(key: string, configVersion: number, plan: DeidPlan): PhiFoundData {
  const findings = findingsOf(plan);
  const listed = findings.slice(0, MAX_FINDINGS_PER_EVENT).map(toFinding);
  return {
    key,
    configVersion,
    planHash: plan.planHash,
    findings: listed,
    findingsTruncated: listed.length < findings.length,
    counts: actionCounts(plan.actions),
    pixelRisk: { atRisk: plan.pixelRisk.atRisk, reasons: [...plan.pixelRisk.reasons] },
  };
}
