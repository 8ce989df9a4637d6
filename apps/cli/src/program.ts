import { Command } from 'commander';
import { configCommand } from './commands/config.command';
import { mappingCommand } from './commands/mapping.command';
import { recoverCommand } from './commands/recover.command';
import { redactionCommand } from './commands/redaction.command';
import { scanCommand } from './commands/scan.command';
import { demoDataCommand } from './commands/demo-data.command';
import { importCommand } from './commands/import.command';
import { inventoryCommand } from './commands/inventory.command';
import { statusCommand } from './commands/status.command';
import { inheritGlobalOptions } from './positional-options';
import { runCommand } from './commands/run.command';
import { exportCommand } from './commands/export.command';
import { reportCommand } from './commands/report.command';
import { validateCommand } from './commands/validate.command';
import { auditCommand } from './commands/audit.command';
import { dlqCommand } from './commands/dlq.command';

/** The `gantry` command tree. Commands hold no stage logic: they boot the stage modules and call them. */
export function buildProgram(): Command {
  const program = new Command('gantry')
    .description('Gantry: de-identify DICOM for research, AI and trials, with an audit trail of every input')
    .option('--data <dir>', 'data directory of the embedded default (GANTRY_DATA_DIR, default ./.gantry)')
    .option('--key <file>', 'deployment secret key file (GANTRY_KEY_FILE, default <data>/key)')
    .option('--json', 'print one JSON document on stdout')
    .enablePositionalOptions()
    .showHelpAfterError()
    .exitOverride();
  for (const register of [importCommand, inventoryCommand, statusCommand, demoDataCommand]) register(program);
  configCommand(program);
  scanCommand(program);
  recoverCommand(program);
  mappingCommand(program);
  redactionCommand(program);
  for (const register of [runCommand, exportCommand, reportCommand, validateCommand, auditCommand]) register(program);
  dlqCommand(program);
  inheritGlobalOptions(program);
  return program;
}
