import { GantryConfig, loadConfig } from '@gantry/platform';

export interface GlobalOptions {
  data?: string;
  key?: string;
  json?: boolean;
}

/**
 * The validated config for this invocation: env first, then the global flags
 * (`--data` overrides GANTRY_DATA_DIR, `--key` overrides GANTRY_KEY_FILE).
 */
export function configFor(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): GantryConfig {
  const withKey = options.key ? { ...env, GANTRY_KEY_FILE: options.key } : env;
  return loadConfig(withKey, options.data ? { dataDir: options.data } : undefined);
}
