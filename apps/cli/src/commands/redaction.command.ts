import { Command } from 'commander';
import { redactionApplyCommand } from './redaction-apply';
import { redactionImportCtpCommand } from './redaction-import-ctp';
import { redactionScaffoldCommand } from './redaction-scaffold';

/**
 * `gantry redaction scaffold|import-ctp|apply`: the machine rules that remove burned-in
 * text, written as a rule set file and applied as a new configuration version.
 */
export function redactionCommand(program: Command): void {
  const redaction = program.command('redaction').description('rules that remove text burned into pixels (scaffold, import CTP, apply)');
  redactionScaffoldCommand(redaction);
  redactionImportCtpCommand(redaction);
  redactionApplyCommand(redaction);
}
