import { GantryError } from '@gantry/domain';
import { ConfigError, loadConfig } from '@gantry/platform';
import { startService } from './service-app';
import { StageName } from './stage-names';

/**
 * Entry point of a stage's container: validate config once, boot, and on failure print a
 * clear message (config problems name the variable and what was expected) and exit 1.
 */
export function serviceMain(stage: StageName): void {
  Promise.resolve()
    .then(() => startService(stage, loadConfig()))
    .catch((e: unknown) => {
      if (e instanceof ConfigError) {
        process.stderr.write(`gantry-${stage}: invalid configuration\n${e.problems.map((p) => `  - ${p}`).join('\n')}\n`);
      } else {
        // GantryError messages carry codes, tags and offsets only; other errors print their class name.
        const detail = e instanceof GantryError ? `${e.code}: ${e.message}` : e instanceof Error ? e.name : 'unknown error';
        process.stderr.write(`gantry-${stage}: failed to start (${detail})\n`);
      }
      process.exit(1);
    });
}
