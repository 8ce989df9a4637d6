import { defs } from './common.schema';

export const CONFIG_CHANGED = 'gantry.config.changed.v1';
export const CONFIG_STREAM = 'config';

/**
 * A new active pipeline configuration. It carries the whole config (profile, options,
 * overrides, redaction rules, destinations): none of it is patient data, and credentials
 * are referenced by environment variable name, never inlined.
 */
export interface ConfigChangedData {
  version: number;
  hash: string;
  config: Record<string, unknown>;
  /** Why it changed: set by an operator, or a new rule set applied. */
  cause: 'CONFIG_SET' | 'REDACTION_RULES_APPLIED' | 'DEFAULT';
}

export const configChangedSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'hash', 'config', 'cause'],
  properties: {
    version: { type: 'integer', minimum: 1 },
    hash: defs.sha256,
    // Validated in full against the pipeline config schema when it is set.
    config: { type: 'object' },
    cause: { type: 'string', enum: ['CONFIG_SET', 'REDACTION_RULES_APPLIED', 'DEFAULT'] },
  },
} as const;
