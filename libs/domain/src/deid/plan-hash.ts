import { createHash } from 'node:crypto';
import type { DeidPlan, PlannedAction } from './deid-types';

/** Rule ids and reasons repeat across elements and objects; their JSON is looked up, not rebuilt. */
const quoted = new Map<string, string>();
function q(s: string): string {
  let hit = quoted.get(s);
  if (hit === undefined) {
    hit = JSON.stringify(s);
    if (quoted.size > 10_000) quoted.clear();
    quoted.set(s, hit);
  }
  return hit;
}

/**
 * One action as canonical JSON (keys sorted, no whitespace): the same text canonicalJson
 * gives, written out directly because hashing runs once per object on the hot path.
 * Path, tag, VR and action are built from hex digits and fixed codes, so they need no
 * escaping; rule ids, reasons and creators may come from configuration or the file.
 */
const actionJson = (a: PlannedAction): string =>
  `{"action":"${a.action}"${a.creator === undefined ? '' : `,"creator":${q(a.creator)}`},"path":"${a.path}","reason":${q(a.reason)},"rule":${q(a.rule)},"tag":"${a.tag}","vr":"${a.vr}"}`;

/** sha256 (hex) over the canonical JSON of the action list: equal plans, equal hashes. */
export const planHash = (actions: readonly PlannedAction[]): string =>
  createHash('sha256').update(`[${actions.map(actionJson).join(',')}]`).digest('hex');

/** What the inspector reports: every action that does not simply keep the element. */
export const findingsOf = (plan: DeidPlan): PlannedAction[] => plan.actions.filter((a) => a.action !== 'K');
