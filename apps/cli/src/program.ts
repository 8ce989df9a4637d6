import { Command } from 'commander';
import { demoDataCommand } from './commands/demo-data.command';
import { importCommand } from './commands/import.command';
import { inventoryCommand } from './commands/inventory.command';
import { statusCommand } from './commands/status.command';

/** The `gantry` command tree. Commands hold no stage logic: they boot the stage modules and call them. */
export function buildProgram(): Command {
  const program = new Command('gantry')
    .description('Gantry: de-identify DICOM for research, AI and trials, with an audit trail of every input')
    .option('--data <dir>', 'data directory of the embedded default (GANTRY_DATA_DIR, default ./.gantry)')
    .option('--key <file>', 'deployment secret key file (GANTRY_KEY_FILE, default <data>/key)')
    .option('--json', 'print one JSON document on stdout')
    .showHelpAfterError()
    .exitOverride();
  for (const register of [importCommand, inventoryCommand, statusCommand, demoDataCommand]) register(program);
  return program;
}
