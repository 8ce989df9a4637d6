import { AtRiskConfig, ConfigValidationError, MachineRule, RedactionConfig, RedactionConfigInput, validateConfig } from '@gantry/domain';
import { canonicalJson } from '@gantry/platform';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A rule set file: a `redaction` section (machines, atRisk) and nothing else but an
 * optional `version: 1`, so it pastes into the main configuration as is. Validated on its
 * own first, so every problem's pointer is a path in the FILE, not in the merged result.
 */
export function parseRuleSet(data: unknown): { section: RedactionConfigInput; rules: RedactionConfig } {
  if (!isObject(data) || !isObject(data['redaction'])) throw new ConfigValidationError(['/redaction: a rule set file needs a redaction section']);
  const extra = Object.keys(data).filter((k) => k !== 'redaction' && k !== 'version');
  if (extra.length > 0) throw new ConfigValidationError(extra.map((k) => `/${k}: a rule set holds only the redaction section (gantry config set installs the rest)`));
  const section = data['redaction'] as RedactionConfigInput;
  return { section, rules: validateConfig({ version: 1, redaction: section }).redaction };
}

/**
 * The redaction section after applying a rule set. By default the file's rules come
 * FIRST, in its order (first match wins: the rules just applied are the operator's latest
 * word), followed by the active rules it does not restate: a rule with the same id, or an
 * identical rule, is replaced rather than kept twice. `replace` installs exactly the file's
 * rules. The at-risk policy changes only where the file states it.
 */
export function mergeRuleSet(active: RedactionConfig, file: { section: RedactionConfigInput; rules: RedactionConfig }, replace: boolean): RedactionConfig {
  const incoming = file.rules.machines;
  const ids = new Set(incoming.flatMap((r) => (r.id === undefined ? [] : [r.id])));
  const same = new Set(incoming.map((r) => canonicalJson(r)));
  const kept = (r: MachineRule): boolean => !(r.id !== undefined && ids.has(r.id)) && !same.has(canonicalJson(r));
  const machines = replace ? [...incoming] : [...incoming, ...active.machines.filter(kept)];
  const atRisk: AtRiskConfig = { ...active.atRisk, ...(file.section.atRisk ?? {}) };
  return { machines, atRisk };
}
