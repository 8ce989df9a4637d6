import { tagOf } from '../dicom/tag';
import type { Condition, RedactionConfig } from './redaction-types';

/** The RegExp a `matches` condition runs: the whole value must match (like Java's String.matches). */
export function conditionRegex(value: string, ignoreCase: boolean): RegExp {
  return new RegExp(`^(?:${value})$`, ignoreCase ? 'iu' : 'u');
}

function checkCondition(c: Condition, at: string, out: string[]): void {
  if ('all' in c) return c.all.forEach((x, i) => checkCondition(x, `${at}/all/${i}`, out));
  if ('any' in c) return c.any.forEach((x, i) => checkCondition(x, `${at}/any/${i}`, out));
  if ('not' in c) return checkCondition(c.not, `${at}/not`, out);
  try {
    tagOf(c.attr);
  } catch {
    out.push(`${at}/attr: must be a known DICOM keyword or a (gggg,eeee) tag`);
  }
  if (c.op !== 'matches') return;
  try {
    conditionRegex(c.value, c.ignoreCase === true);
  } catch {
    out.push(`${at}/value: must be a valid regular expression`);
  }
}

/** Checks of the `redaction` section that its schema cannot make; '<pointer>: <expected>' lines. */
export function redactionProblems(config: RedactionConfig, base = '/redaction'): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  config.machines.forEach((m, i) => {
    const at = `${base}/machines/${i}`;
    if (m.id !== undefined && seen.has(m.id)) out.push(`${at}/id: must be unique`);
    if (m.id !== undefined) seen.add(m.id);
    if (m.match.conditions) checkCondition(m.match.conditions, `${at}/match/conditions`, out);
  });
  return out;
}
