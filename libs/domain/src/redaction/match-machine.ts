import { evaluateCondition } from './evaluate-condition';
import { globMatches } from './glob';
import type { MachineMatch, MachineRule, RedactionConfig, RedactionHeader } from './redaction-types';

const text = (s: string | undefined): string => (s ?? '').trim();

function imageTypeMatches(wanted: readonly string[], actual: readonly string[]): boolean {
  return wanted.every((w, i) => text(actual[i]).toUpperCase() === w.trim().toUpperCase());
}

/** Whether one rule's match holds for a header (every given field, and the conditions). */
export function machineMatches(m: MachineMatch, h: RedactionHeader): boolean {
  if (!globMatches(m.manufacturer, text(h.manufacturer))) return false;
  if (!globMatches(m.model, text(h.model)) || !globMatches(m.serial, text(h.serial))) return false;
  if (m.rows !== undefined && m.rows !== h.rows) return false;
  if (m.columns !== undefined && m.columns !== h.columns) return false;
  if (m.modality !== undefined && m.modality.toUpperCase() !== text(h.modality).toUpperCase()) return false;
  if (m.sopClass !== undefined && m.sopClass !== text(h.sopClassUid)) return false;
  if (m.imageType !== undefined && !imageTypeMatches(m.imageType, h.imageType ?? [])) return false;
  return m.conditions === undefined || evaluateCondition(m.conditions, h);
}

/**
 * The rule for an image: the FIRST rule, in configuration order, whose match holds, or
 * null. Order is the operator's tool for precedence: put a specific rule (a model at one
 * resolution) before a general one (the whole manufacturer), as CTP's script does.
 */
export function matchMachine(config: Pick<RedactionConfig, 'machines'>, header: RedactionHeader): MachineRule | null {
  return config.machines.find((rule) => machineMatches(rule.match, header)) ?? null;
}
