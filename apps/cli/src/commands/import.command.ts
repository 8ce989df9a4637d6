import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { ImporterService, ImportSummary } from '@gantry/stages';
import { UsageError } from '../cli-error';
import { configFor, GlobalOptions } from '../global-options';
import { printJson, printLines } from '../output';
import { withPipeline } from '../pipeline';
import { progressBar } from '../progress';

interface ImportOptions extends GlobalOptions {
  concurrency?: string;
}

/** `gantry import <paths…>`: files and folders (recursive), every file accounted for. */
export function importCommand(program: Command): void {
  program
    .command('import')
    .description('import DICOM files and folders (recursive); every file ends ingested, duplicate or rejected with a reason')
    .argument('<paths...>', 'files or folders')
    .option('--concurrency <n>', 'files read and ingested at once')
    .action(async (paths: string[], _o: ImportOptions, cmd: Command) => {
      const options = cmd.optsWithGlobals<ImportOptions>();
      const missing = paths.filter((p) => !existsSync(p));
      if (missing.length) throw new UsageError(`no such file or folder: ${missing.length} of the given paths`);
      const config = configFor(options);
      const summary = await withPipeline(config, async (pipeline) => {
        const bar = progressBar('import');
        const result = await pipeline.get(ImporterService).importPaths(paths, {
          concurrency: options.concurrency ? Number.parseInt(options.concurrency, 10) : undefined,
          onProgress: (p) => bar.update(p.done, p.filesFound, { ingested: p.ingested, rejected: p.rejected, duplicates: p.duplicates }),
        });
        await pipeline.whenIdle();
        bar.stop();
        return result;
      });
      report(summary, options.json === true);
    });
}

function report(s: ImportSummary, json: boolean): void {
  if (json) {
    printJson(s);
    return;
  }
  const reasons = Object.entries(s.reasons).map(([r, n]) => `${r} ${n}`);
  printLines([
    `Imported ${s.filesFound} files: ${s.ingested} ingested, ${s.rejected} rejected, ${s.duplicates} duplicates`,
    ...(reasons.length ? [`Rejected: ${reasons.join(', ')}`] : []),
  ]);
}
