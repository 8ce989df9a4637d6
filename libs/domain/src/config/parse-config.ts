import { parseDocument } from 'yaml';
import { ConfigValidationError } from './config-error';
import type { GantryPipelineConfig } from './config-types';
import { configValidator, describeSchemaErrors, pointerToken } from './config-validator';
import { semanticProblems } from './config-semantics';
import { withDefaults, type ConfigInput } from './default-config';

export type ConfigFormat = 'yaml' | 'json';

/** Bounds alias expansion so a small YAML text cannot expand into a huge object. */
const MAX_YAML_ALIASES = 100;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    // Node's message quotes the text around the error, so only the fact is reported.
    throw new ConfigValidationError(['/: must be valid JSON'], { cause: e });
  }
}

function parseYaml(text: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const err = doc.errors[0];
  if (err !== undefined) {
    // The code and position locate the fault; the message may quote the text, so it is dropped.
    const where = err.linePos?.[0] ? ` at line ${err.linePos[0].line}, column ${err.linePos[0].col}` : '';
    throw new ConfigValidationError([`/: must be valid YAML (${err.code}${where})`]);
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) as unknown;
  } catch (e) {
    throw new ConfigValidationError(['/: must be valid YAML (alias expansion too large)'], { cause: e });
  }
}

/** Deeper free-form sections would only serve to exhaust the stack of whoever walks them. */
const MAX_DEPTH = 64;

/**
 * Pointers to numbers JSON cannot carry (YAML's .inf and .nan, JSON's 1e400), which would
 * leave the canonical form and so the hash undefined, and to nesting beyond MAX_DEPTH.
 */
function unrepresentable(value: unknown, at: string, out: string[], depth = 0): string[] {
  if (depth > MAX_DEPTH) out.push(`${at}: must be nested at most ${MAX_DEPTH} levels deep`);
  else if (typeof value === 'number' && !Number.isFinite(value)) out.push(`${at || '/'}: must be a finite number`);
  else if (Array.isArray(value)) value.forEach((v: unknown, i) => unrepresentable(v, `${at}/${i}`, out, depth + 1));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) unrepresentable(v, `${at}/${pointerToken(k)}`, out, depth + 1);
  }
  return out;
}

/** JSON when the text is an object literal, YAML otherwise (YAML is a superset anyway). */
const detectFormat = (text: string): ConfigFormat => (text.trimStart().startsWith('{') ? 'json' : 'yaml');

/**
 * Parse and validate a Gantry configuration text (the loader reads the file; this takes
 * its contents). Returns the configuration with every default filled in; throws
 * ConfigValidationError listing every problem as '<JSON pointer>: <expected>'.
 */
export function parseConfig(text: string, format: ConfigFormat = detectFormat(text)): GantryPipelineConfig {
  return validateConfig(format === 'json' ? parseJson(text) : parseYaml(text));
}

/**
 * Validate configuration data that did not come from text (built in code, or decoded
 * elsewhere) exactly as parseConfig does, and return it with every default filled in.
 */
export function validateConfig(data: unknown): GantryPipelineConfig {
  const bad = unrepresentable(data, '', []);
  if (bad.length > 0) throw new ConfigValidationError(bad);
  const validate = configValidator();
  if (!validate(data)) throw new ConfigValidationError(describeSchemaErrors(validate.errors));
  const config = withDefaults(data as ConfigInput);
  const problems = semanticProblems(config);
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return config;
}
