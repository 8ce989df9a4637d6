import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { ConfigValidationError, CustomRule } from '@gantry/domain';
import { parseCustomRules, ScanService } from '@gantry/stages';
import { UsageError } from '../cli-error';
import { configFor, GlobalOptions } from '../global-options';
import { printJson } from '../output';
import { withPipeline } from '../pipeline';
import { printScanCsv, printScanText } from './scan-output';

interface ScanOptions extends GlobalOptions {
  csv?: boolean;
  details?: boolean;
  rules?: string;
}

async function rulesFrom(file: string | undefined): Promise<CustomRule[]> {
  if (file === undefined) return [];
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UsageError('cannot read the rules file');
  }
  try {
    return parseCustomRules(text);
  } catch (e) {
    if (e instanceof ConfigValidationError) throw new UsageError(`invalid rules file\n${e.problems.map((p) => `  - ${p}`).join('\n')}`);
    throw e;
  }
}

/**
 * `gantry scan [paths…]`: what de-identification would act on, counted by rule, tag and
 * reason, over the given files (read in place, nothing imported or recorded) or over every
 * ingested instance. `--details` prints each value: on this terminal, and nowhere else.
 */
export function scanCommand(program: Command): void {
  program
    .command('scan')
    .description('count what de-identification would act on, by rule, tag and reason (files, or every ingested instance)')
    .argument('[paths...]', 'files or folders to scan in place (default: every ingested instance)')
    .option('--csv', 'print CSV instead of tables')
    .option('--details', 'also print every finding with its value (on this terminal only; never logged)')
    .option('--rules <file>', 'custom rules (YAML or JSON list) added to the configuration; the same id replaces a rule')
    .action(async (paths: string[], _o: ScanOptions, cmd: Command) => {
      const options = cmd.optsWithGlobals<ScanOptions>();
      const missing = paths.filter((p) => !existsSync(p));
      if (missing.length) throw new UsageError(`no such file or folder: ${missing.length} of the given paths`);
      const rules = await rulesFrom(options.rules);
      const scanOptions = { rules, details: options.details === true };
      const report = await withPipeline(
        configFor(options),
        (p) => (paths.length > 0 ? p.get(ScanService).scanFiles(paths, scanOptions) : p.get(ScanService).scanIngested(scanOptions)),
        { stages: ['inspector'], consume: false },
      );
      if (options.json) printJson(report);
      else if (options.csv) printScanCsv(report);
      else printScanText(report);
    });
}
