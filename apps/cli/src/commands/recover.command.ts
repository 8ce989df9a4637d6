import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { GantryError, isGantryError } from '@gantry/domain';
import { recoverFiles, RecoverySummary } from '@gantry/stages';
import { UsageError } from '../cli-error';
import { GlobalOptions } from '../global-options';
import { printJson, printLines } from '../output';

interface RecoverOptions extends GlobalOptions {
  /** The recipient's private key: this command's own --key, not the deployment key. */
  key: string;
  out: string;
}

/** Some files were not recovered (each counted under its reason): the command exits 1. */
class RecoveryIncompleteError extends GantryError {
  constructor(missed: number, found: number) {
    super('RECOVERY_INCOMPLETE', `${missed} of ${found} files were not recovered`);
  }
}

async function privateKey(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    throw new UsageError('cannot read the private key file');
  }
}

function report(s: RecoverySummary, json: boolean): void {
  if (json) {
    printJson(s);
    return;
  }
  const failed = Object.entries(s.failed).map(([code, n]) => `${code} ${n}`);
  printLines([`Recovered ${s.recovered} of ${s.found} files`, ...(failed.length ? [`Not recovered: ${failed.join(', ')}`] : [])]);
}

/**
 * `gantry recover <paths…> --key <private.pem> --out <dir>`: PS3.15 E.1.2 re-identification
 * of reversibly de-identified files (ours or gdcmanon's) by the certificate's holder. Runs
 * locally on the files: nothing is imported, recorded or logged. `--key` after `recover`
 * is the recipient's private key; the deployment key plays no part here.
 */
export function recoverCommand(program: Command): void {
  program
    .command('recover')
    .description("restore the original attributes of reversibly de-identified files with the recipient's private key")
    .argument('<paths...>', 'files or folders (recursive)')
    .requiredOption('--key <private.pem>', "the recipient's RSA private key (PEM); not the deployment key")
    .requiredOption('--out <dir>', 'folder for the re-identified files (same relative paths)')
    .action(async (paths: string[], _o: RecoverOptions, cmd: Command) => {
      const options = cmd.optsWithGlobals<RecoverOptions>();
      const own = cmd.opts<RecoverOptions>();
      const missing = paths.filter((p) => !existsSync(p));
      if (missing.length) throw new UsageError(`no such file or folder: ${missing.length} of the given paths`);
      let summary: RecoverySummary;
      try {
        summary = await recoverFiles(paths, await privateKey(own.key), own.out);
      } catch (e) {
        if (isGantryError(e) && (e.code === 'INVALID_PRIVATE_KEY' || e.code === 'OUTPUT_IS_INPUT')) throw new UsageError(e.message);
        throw e;
      }
      report(summary, options.json === true);
      if (summary.recovered < summary.found) throw new RecoveryIncompleteError(summary.found - summary.recovered, summary.found);
    });
}
