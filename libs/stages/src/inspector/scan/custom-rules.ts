import { parseDocument } from 'yaml';
import { ConfigValidationError, CustomRule, GantryPipelineConfig, validateConfig } from '@gantry/domain';

/** Bounds alias expansion, as the configuration parser does. */
const MAX_YAML_ALIASES = 100;
const PREFIX = '/deid/customRules';

function parseText(text: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const err = doc.errors[0];
  if (err !== undefined) {
    // The code and position locate the fault; the message may quote the file, so it is dropped.
    const where = err.linePos?.[0] ? ` at line ${err.linePos[0].line}, column ${err.linePos[0].col}` : '';
    throw new ConfigValidationError([`/: must be valid YAML or JSON (${err.code}${where})`]);
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) as unknown;
  } catch (e) {
    throw new ConfigValidationError(['/: must be valid YAML (alias expansion too large)'], { cause: e });
  }
}

/** Problems about the rules inside a config, re-pointed at the rules file ('/2/pattern: …'). */
const repoint = (problem: string): string => (problem.startsWith(PREFIX) ? problem.slice(PREFIX.length) || '/' : problem).replace(/^:/, '/:');

/**
 * A `gantry scan --rules` file: a YAML or JSON list of custom rules (or `{ customRules:
 * [...] }`), validated exactly as the configuration validates its customRules, with
 * problems pointing into the file.
 */
export function parseCustomRules(text: string): CustomRule[] {
  const data = parseText(text);
  const list = Array.isArray(data) ? data : typeof data === 'object' && data !== null && 'customRules' in data ? data.customRules : undefined;
  if (!Array.isArray(list)) throw new ConfigValidationError(['/: must be a list of rules (or an object with customRules)']);
  try {
    return [...validateConfig({ version: 1, deid: { customRules: list } }).deid.customRules];
  } catch (e) {
    if (e instanceof ConfigValidationError) throw new ConfigValidationError(e.problems.map(repoint), { cause: e });
    throw e;
  }
}

/**
 * The configuration with extra rules: a rule whose id the configuration already has
 * replaces it, the others are added after the configuration's own.
 */
export function withCustomRules(config: GantryPipelineConfig, rules: readonly CustomRule[]): GantryPipelineConfig {
  if (rules.length === 0) return config;
  const ids = new Set(rules.map((r) => r.id));
  const customRules = [...config.deid.customRules.filter((r) => !ids.has(r.id)), ...rules];
  return validateConfig({ ...config, deid: { ...config.deid, customRules } });
}
