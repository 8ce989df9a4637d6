import { ConfigValidationError } from '@gantry/domain';
import { ActiveConfigService, VersionedConfig } from '@gantry/stages';
import { UsageError } from '../cli-error';

/**
 * `ActiveConfigService.install` for the command line: an invalid configuration is a usage
 * error (exit 2) listing each problem by JSON pointer.
 */
export async function installConfig(
  active: ActiveConfigService,
  data: unknown,
  current?: VersionedConfig,
): Promise<{ installed: boolean; config: VersionedConfig }> {
  try {
    return await active.install(data, current === undefined ? {} : { current });
  } catch (e) {
    if (e instanceof ConfigValidationError) throw new UsageError(`invalid configuration\n${e.problems.map((p) => `  - ${p}`).join('\n')}`);
    throw e;
  }
}
