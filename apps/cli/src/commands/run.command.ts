import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { Command } from 'commander';
import { destinationFromTarget, DestinationTargetError, ExportDestination } from '@gantry/domain';
import { ActiveConfigService, EmbeddedPipeline, ExportRunService, ImporterService, ImportSummary, ManifestService } from '@gantry/stages';
import { UsageError } from '../cli-error';
import { configFor, GlobalOptions } from '../global-options';
import { withPipeline } from '../pipeline';
import { Progress, progressBar } from '../progress';
import { readConfigFile } from './config-file';
import { installRunConfig } from './run-config';
import { assertRunOutcome, printRunSummary, runSummary } from './run-summary';

interface RunOptions extends GlobalOptions {
  out: string;
  config?: string;
  strict?: boolean;
  concurrency?: string;
}

/** A command-line target as a destination; a malformed one is a usage error (exit 2). */
export function destinationOf(target: string, label = '--out'): ExportDestination {
  try {
    return destinationFromTarget(target, process.cwd(), process.env);
  } catch (e) {
    if (e instanceof DestinationTargetError) throw new UsageError(`${label}: ${e.message}`);
    throw e;
  }
}

const inside = (child: string, parent: string): boolean => {
  const rel = relative(resolve(parent), resolve(child));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/**
 * The export folder and the data directory must lie outside every input: a second run
 * would otherwise read the exported objects (or the stored blobs) back in as new inputs.
 */
function assertSeparate(paths: readonly string[], destination: ExportDestination, dataDir: string): void {
  if (destination.kind === 'folder' && paths.some((p) => inside(destination.path, p))) throw new UsageError('--out must not be inside an input folder');
  if (paths.some((p) => inside(dataDir, p))) throw new UsageError('the data directory (--data) must not be inside an input folder');
}

/** Services consuming elsewhere (JetStream) get this long without progress before the run reports what it has. */
const STALL_MS = 120_000;

/**
 * Waits until the batch has drained: in this process, until the bus is idle; with the
 * stages running as services, until every ingested instance has an outcome or nothing
 * moved for STALL_MS. On a terminal the bar follows the outcomes meanwhile.
 */
async function drain(pipeline: EmbeddedPipeline, imported: ImportSummary, destination: string, bar: Progress, live: boolean): Promise<void> {
  const idle = pipeline.bus ? pipeline.whenIdle() : null;
  let done = false;
  void idle?.finally(() => (done = true));
  let last = -1;
  let since = Date.now();
  while (!done && (live || idle === null)) {
    const o = await pipeline.get(ExportRunService).batchOutcomes(imported.batchId, destination);
    const settled = o.exported + o.blocked + o.held + Object.entries(o.unaccounted).reduce((n, [k, v]) => (k === 'NO_OUTCOME' ? n : n + v), 0);
    bar.update(settled, imported.ingested, { exported: o.exported, blocked: o.blocked, held: o.held });
    if (idle === null && (settled >= imported.ingested || Date.now() - since > STALL_MS)) return;
    if (settled !== last) [last, since] = [settled, Date.now()];
    await Promise.race([idle, new Promise((r) => setTimeout(r, 1_000))]);
  }
  await idle;
}

async function execute(pipeline: EmbeddedPipeline, paths: string[], options: RunOptions, destination: ExportDestination, file: unknown) {
  await installRunConfig(pipeline.get(ActiveConfigService), file, destination);
  const live = process.stderr.isTTY === true;
  const importBar = progressBar('ingest', live);
  const imported = await pipeline.get(ImporterService).importPaths(paths, {
    concurrency: options.concurrency ? Number.parseInt(options.concurrency, 10) : undefined,
    onProgress: (p) => importBar.update(p.done, p.filesFound, { ingested: p.ingested, rejected: p.rejected, duplicates: p.duplicates }),
  });
  importBar.stop();
  const exportBar = progressBar('export', live);
  await drain(pipeline, imported, destination.name, exportBar, live);
  exportBar.stop();
  const outcomes = await pipeline.get(ExportRunService).batchOutcomes(imported.batchId, destination.name);
  if (destination.kind === 'folder') await pipeline.get(ManifestService).write(destination);
  return { imported, outcomes };
}

/**
 * `gantry run <paths…> --out <target>`: the main job on the embedded default. Ingest,
 * index, inspect, remediate, redact and export every input, then print what happened to
 * each: ingested, rejected, duplicates, exported, blocked, held.
 */
export function runCommand(program: Command): void {
  program
    .command('run')
    .description('de-identify files and folders end to end (ingest → index → inspect → remediate → redact → export)')
    .argument('<paths...>', 'files or folders (recursive)')
    .requiredOption('--out <target>', 'a folder, dicom://AE@host:port, http(s)://…/studies (STOW-RS) or s3://bucket/prefix')
    .option('--config <file>', 'pipeline configuration (YAML or JSON; default: the active one), exporting to --out only')
    .option('--strict', 'exit 1 if anything was rejected, blocked or held')
    .option('--concurrency <n>', 'files read and ingested at once')
    .action(async (paths: string[], _o: RunOptions, cmd: Command) => {
      const options = cmd.optsWithGlobals<RunOptions>();
      const missing = paths.filter((p) => !existsSync(p));
      if (missing.length) throw new UsageError(`no such file or folder: ${missing.length} of the given paths`);
      const destination = destinationOf(options.out);
      const config = configFor(options);
      assertSeparate(paths, destination, config.dataDir);
      const file = options.config ? await readConfigFile(options.config) : undefined;
      const started = performance.now();
      const result = await withPipeline(config, (p) => execute(p, paths, options, destination, file));
      const summary = runSummary(result.imported, result.outcomes, (performance.now() - started) / 1000);
      printRunSummary(summary, options.json === true, destination.kind === 'folder' ? destination.path : options.out);
      assertRunOutcome(summary, options.strict === true);
    });
}
