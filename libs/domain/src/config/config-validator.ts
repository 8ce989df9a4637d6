import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { COMBINATOR_MESSAGES, GANTRY_CONFIG_SCHEMA } from './config-schema';

/** Escape one JSON pointer token (RFC 6901). */
export const pointerToken = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Patterns run with the 'u' flag, so that is the flag they must compile under. */
export function isValidRegex(source: string): boolean {
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
}

let compiled: ValidateFunction | undefined;

/** The schema's validator, compiled on first use and then shared. */
export function configValidator(): ValidateFunction {
  if (compiled) return compiled;
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  ajv.addFormat('regex', { type: 'string', validate: isValidRegex });
  compiled = ajv.compile(GANTRY_CONFIG_SCHEMA);
  return compiled;
}

/** What an error says, built from the schema side only: ajv's `data` is never read. */
function expectation(e: ErrorObject): string | undefined {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'if':
      return undefined; // a summary of the then/else errors reported beside it
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not allowed';
    case 'format':
      return params['format'] === 'regex' ? 'must be a valid regular expression' : e.message;
    case 'enum':
      return `must be one of: ${(params['allowedValues'] as unknown[]).map(String).join(', ')}`;
    case 'const':
      return `must be ${String(params['allowedValue'])}`;
    case 'not':
    case 'anyOf':
      return COMBINATOR_MESSAGES[e.keyword] ?? e.message;
    default:
      return e.message;
  }
}

function pointerOf(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  const child = e.keyword === 'required' ? params['missingProperty'] : e.keyword === 'additionalProperties' ? params['additionalProperty'] : undefined;
  const base = e.instancePath;
  if (typeof child === 'string') return `${base}/${pointerToken(child)}`;
  return base === '' ? '/' : base;
}

/**
 * '<pointer>: <expected>' lines for ajv's errors, deduplicated, in ajv's order. Errors
 * inside an anyOf branch are folded into the anyOf's own line.
 */
export function describeSchemaErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  const list = errors ?? [];
  const anyOfAt = new Set(list.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath));
  const out = new Set<string>();
  for (const e of list) {
    const branchOf = e.schemaPath.replace(/\/\d+\/[^/]+$/, '');
    if (branchOf !== e.schemaPath && anyOfAt.has(branchOf)) continue;
    const what = expectation(e);
    if (what !== undefined) out.add(`${pointerOf(e)}: ${what}`);
  }
  return [...out];
}
