import { GantryError } from '@gantry/domain';

/**
 * The environment does not describe a runnable deployment. Lists every problem at once,
 * so an operator fixes them in one pass instead of one restart per variable.
 */
export class ConfigError extends GantryError {
  constructor(
    readonly problems: readonly string[],
    options?: { cause?: unknown },
  ) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super('CONFIG_INVALID', `invalid configuration (${count}):\n${problems.map((p) => `  - ${p}`).join('\n')}`, options);
  }
}

export const isConfigError = (e: unknown): e is ConfigError => e instanceof ConfigError;
