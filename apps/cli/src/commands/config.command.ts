import { Command } from 'commander';
import { stringify } from 'yaml';
import { GANTRY_CONFIG_SCHEMA } from '@gantry/domain';
import { ActiveConfigService } from '@gantry/stages';
import { configFor, GlobalOptions } from '../global-options';
import { printJson, printLines } from '../output';
import { withPipeline } from '../pipeline';
import { readConfigFile } from './config-file';
import { installConfig } from './config-install';

function setCommand(config: Command): void {
  config
    .command('set')
    .description('install a configuration file (YAML or JSON) as the next active version')
    .argument('<file>', 'configuration file')
    .action(async (file: string, _o: GlobalOptions, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      const data = await readConfigFile(file);
      const result = await withPipeline(configFor(options), (p) => installConfig(p.get(ActiveConfigService), data), { stages: [], consume: false });
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
