import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { GantryError } from '@gantry/domain';
import { UsageError } from '../cli-error';
import { GlobalOptions } from '../global-options';
import { printJson, printLines } from '../output';
import { FileValidation, filesUnder, validateFile } from './validate-files';

interface ValidateOptions extends GlobalOptions {
  strict?: boolean;
}

/** `--strict`: some file has a problem or could not be read. */
export class ValidationFailedError extends GantryError {
  constructor(files: number) {
    super('VALIDATION_FAILED', `${files} file(s) with problems or unreadable`);
  }
}

function describe(r: FileValidation): string[] {
  if ('error' in r) return [`${r.path}: unreadable (${r.error})`];
  if (r.problems.length === 0) return [`${r.path}: ok`];
  return [`${r.path}: ${r.problems.length} problem(s)`, ...r.problems.map((p) => `  ${p.code} ${p.path}${p.module ? ` (${p.module})` : ''}`)];
}

/**
 * `gantry validate <paths…>`: Type 1 and Type 2 problems of each file against its IOD.
 * Reads the files only: no pipeline, no database. Paths are the caller's own.
 */
export function validateCommand(program: Command): void {
  program
    .command('validate')
    .description('IOD Type 1 and Type 2 problems per file (PS3.3 2008 IODs)')
    .argument('<paths...>', 'files or folders (recursive)')
    .option('--strict', 'exit 1 if any file has a problem or is unreadable')
    .action(async (paths: string[], _o: ValidateOptions, cmd: Command) => {
      const options = cmd.optsWithGlobals<ValidateOptions>();
      if (paths.some((p) => !existsSync(p))) throw new UsageError('no such file or folder: some of the given paths');
      const results: FileValidation[] = [];
      for await (const file of filesUnder(paths)) results.push(await validateFile(file));
      const failing = results.filter((r) => 'error' in r || r.problems.length > 0).length;
      const summary = { files: results.length, valid: results.length - failing, withProblems: failing - results.filter((r) => 'error' in r).length, unreadable: results.filter((r) => 'error' in r).length };
      if (options.json) printJson({ summary, files: results });
      else printLines([...results.flatMap(describe), `${summary.files} files: ${summary.valid} valid, ${summary.withProblems} with problems, ${summary.unreadable} unreadable`]);
      if (options.strict && failing > 0) throw new ValidationFailedError(failing);
    });
}
