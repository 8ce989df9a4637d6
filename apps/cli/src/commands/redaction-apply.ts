import { Command } from 'commander';
import { ConfigValidationError } from '@gantry/domain';
import { HeldInstancesService, parseRuleSet, RuleSetApplied, RuleSetService } from '@gantry/stages';
import { UsageError } from '../cli-error';
import { configFor, GlobalOptions } from '../global-options';
import { printJson, printLines } from '../output';
import { withPipeline } from '../pipeline';
import { readConfigFile } from './config-file';

interface ApplyOptions extends GlobalOptions {
  replace?: boolean;
}

async function usage<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof ConfigValidationError) throw new UsageError(`invalid rule set\n${e.problems.map((p) => `  - ${p}`).join('\n')}`);
    throw e;
  }
}

const applied = (service: RuleSetService, data: unknown, replace: boolean): Promise<RuleSetApplied> => usage(() => service.apply(data, { replace }));

/**
 * `gantry redaction apply <file>`: merges the rules into the active configuration (a new
 * version; ConfigChanged). On the embedded default the held images the new rules cover
 * are processed before the command returns; with services, the redactor does it.
 */
export function redactionApplyCommand(redaction: Command): void {
  redaction
    .command('apply')
    .description('merge a rule set into the active configuration (new version); held images it covers are released')
    .argument('<file>', 'rule set file (YAML or JSON) with a redaction section')
    .option('--replace', "install exactly the file's rules instead of putting them before the active ones")
    .action(async (file: string, _o: ApplyOptions, cmd: Command) => {
      const options = cmd.optsWithGlobals<ApplyOptions>();
      const data = await readConfigFile(file);
      // The file on its own first: a mistake is reported before anything boots.
      await usage(() => parseRuleSet(data));
      const config = configFor(options);
      const result = await withPipeline(config, async (p) => {
        const r = await applied(p.get(RuleSetService), data, options.replace === true);
        await p.whenIdle();
        return { ...r, held: await p.get(HeldInstancesService).count() };
      });
      const { installed, config: c, rulesInFile, rulesActive, held } = result;
      if (options.json) {
        printJson({ installed, version: c.version, hash: c.hash, rulesInFile, rulesActive, held });
        return;
      }
      printLines([
        installed
          ? `installed configuration version ${c.version} (hash ${c.hash}): ${rulesInFile} rule(s) from the file, ${rulesActive} active`
          : `unchanged: configuration version ${c.version} (hash ${c.hash}) already has these rules`,
        config.bus.kind === 'in-process' ? `held now: ${held} image(s)` : `held now: ${held} image(s) (the redactor service re-evaluates them)`,
      ]);
    });
}
