import { Command } from 'commander';
import { stringify } from 'yaml';
import { configHash, ConfigValidationError, GANTRY_CONFIG_SCHEMA, validateConfig } from '@gantry/domain';
import { ActiveConfigService, VersionedConfig } from '@gantry/stages';
import { UsageError } from '../cli-error';
import { configFor, GlobalOptions } from '../global-options';
import { printJson, printLines } from '../output';
import { withPipeline } from '../pipeline';
import { readConfigFile } from './config-file';

/**
 * Installs a configuration as the next version, unless it is the active one already: the
 * version history then records changes only, and re-running a deployment script is a no-op.
 */
async function install(active: ActiveConfigService, data: unknown): Promise<{ installed: boolean; config: VersionedConfig }> {
  let hash: string;
  try {
    hash = configHash(validateConfig(data));
  } catch (e) {
    if (e instanceof ConfigValidationError) throw new UsageError(`invalid configuration\n${e.problems.map((p) => `  - ${p}`).join('\n')}`);
    throw e;
  }
  const current = await active.active();
  if (current.hash === hash) return { installed: false, config: current };
  return { installed: true, config: await active.set(data) };
}

function setCommand(config: Command): void {
  config
    .command('set')
    .description('install a configuration file (YAML or JSON) as the next active version')
    .argument('<file>', 'configuration file')
    .action(async (file: string, _o: GlobalOptions, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      const data = await readConfigFile(file);
      const result = await withPipeline(configFor(options), (p) => install(p.get(ActiveConfigService), data), { stages: [], consume: false });
      const { installed, config: c } = result;
      if (options.json) printJson({ installed, version: c.version, hash: c.hash });
      else printLines([installed ? `installed configuration version ${c.version} (hash ${c.hash})` : `unchanged: configuration version ${c.version} (hash ${c.hash}) is already active`]);
    });
}

function showCommand(config: Command): void {
  config
    .command('show')
    .description('print the active configuration: version, hash and content (YAML, or JSON with --json)')
    .action(async (_o: GlobalOptions, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      const active = await withPipeline(configFor(options), (p) => p.get(ActiveConfigService).active(), { stages: [], consume: false });
      if (options.json) printJson(active);
      else process.stdout.write(`# version ${active.version}, hash ${active.hash}\n${stringify(active.config)}`);
    });
}

function schemaCommand(config: Command): void {
  config
    .command('schema')
    .description('print the published JSON Schema (draft-07) of the configuration file, for editors and CI checks')
    .action(() => printJson(GANTRY_CONFIG_SCHEMA));
}

/** `gantry config set <file>`, `config show` and `config schema`: the pipeline configuration, versioned in the event store. */
export function configCommand(program: Command): void {
  const config = program.command('config').description('the pipeline configuration (versioned in the event store)');
  setCommand(config);
  showCommand(config);
  schemaCommand(config);
}
