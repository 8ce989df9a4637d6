import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { CatalogService, Scaffold, ScaffoldService } from '@gantry/stages';
import { UsageError } from '../cli-error';
import { configFor, GlobalOptions } from '../global-options';
import { printJson, printLines, printTable } from '../output';
import { withPipeline } from '../pipeline';
import { scaffoldYaml } from './redaction-scaffold-yaml';

interface ScaffoldOptions extends GlobalOptions {
  force?: boolean;
}

function ruleColumn(m: Scaffold['machines'][number]): string {
  const states = m.geometries.map((g) => (g.coveredBy ? `covered (${g.coveredBy})` : g.suggestion ? `CTP line ${g.suggestion.line}` : g.atRisk > 0 ? 'TO DRAW' : 'not needed'));
  return [...new Set(states)].join(', ');
}

/** `gantry redaction scaffold <file>`: one commented entry per machine of the inventory. */
export function redactionScaffoldCommand(redaction: Command): void {
  redaction
    .command('scaffold')
    .description('write a rule set with one entry per machine in the inventory: image and at-risk counts, CTP zones where they match')
    .argument('<file>', 'rule set file to write (YAML)')
    .option('--force', 'overwrite the file if it exists')
    .action(async (file: string, _o: ScaffoldOptions, cmd: Command) => {
      const options = cmd.optsWithGlobals<ScaffoldOptions>();
      if (existsSync(file) && !options.force) throw new UsageError('the rule set file exists (use --force to overwrite it)');
      const scaffold = await withPipeline(
        configFor(options),
        async (p) => p.get(ScaffoldService).build(await p.get(CatalogService).inventory()),
        { consume: false },
      );
      await writeFile(file, `${scaffoldYaml(scaffold)}\n`);
      if (options.json) {
        printJson(scaffold);
        return;
      }
      printTable(
        ['MANUFACTURER', 'MODEL', 'SERIAL', 'IMAGES', 'AT RISK', 'RULE'],
        scaffold.machines.map((m) => [m.manufacturer, m.model, m.serial, m.instances, m.atRisk, ruleColumn(m)]),
      );
      printLines([`wrote ${scaffold.machines.length} machine(s) to ${file}`]);
    });
}
