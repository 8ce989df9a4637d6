import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCtSlices } from './ct-slices';
import { printFigures, RunFigures } from './figures';
import { benchEmbeddedIngest, benchJetStreamIngest } from './ingest-bench';
import { benchRemediation } from './remediate-bench';
import { benchGantryRun } from './run-bench';
import { benchRedaction } from './redact-bench';
import { benchStack } from './stack-bench';

/**
 * `npm run bench [-- --slices N] [--only embedded|jetstream|remediate|run|redact|stack] [--run-slices 1000,10000] [--stack-slices N]`:
 * reproducible figures (fixed seed, fixed data) for the pipeline. `gantry run` is measured
 * on 1,000 and 10,000 slices by default (the long run takes about 8 minutes; `--run-slices 1000`
 * for a quick one). Never part of CI.
 * Targets live here, never in timed tests.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const slices = Number(valueOf(args, '--slices') ?? 1000);
  const only = valueOf(args, '--only');
  if (only === 'run') return runBenches(args);
  if (only === 'redact') return benchRedaction();
  if (only === 'stack') return stackBenches(args);
  const root = await mkdtemp(join(tmpdir(), 'gantry-bench-data-'));
  try {
    const dir = join(root, 'ct');
    const bytes = await writeCtSlices(dir, slices);
    process.stdout.write(`generated ${slices} CT slices (512x512, 16-bit), ${(bytes / 1e6).toFixed(1)} MB\n`);
    const runs: RunFigures[] = [];
    if (!only || only === 'embedded') runs.push(await benchEmbeddedIngest(dir, bytes));
    if (!only || only === 'jetstream') runs.push(await benchJetStreamIngest(dir, bytes));
    printFigures(`Ingest and index, ${slices} slices (node ${process.version}, ${process.arch})`, runs);
    if (!only || only === 'remediate') await benchRemediation(dir, bytes, slices);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  if (!only) await runBenches(args);
  if (!only) await benchRedaction();
  if (!only) await stackBenches(args);
}

/** The distributed stack with 1 and 2 replicas per worker stage (files/s, p50/p99 ingest-to-export latency). */
async function stackBenches(args: readonly string[]): Promise<void> {
  const slices = Number(valueOf(args, '--stack-slices') ?? 300);
  const runs: RunFigures[] = [];
  for (const replicas of [1, 2]) runs.push(await benchStack(slices, replicas));
  printFigures(`Distributed stack (six services, real Postgres + JetStream + S3 server), ${slices} slices`, runs);
}

/** End-to-end `gantry run` per size (target: >= 250 files/s on 2 cores, peak RSS flat from 1k to 10k). */
async function runBenches(args: readonly string[]): Promise<void> {
  const sizes = (valueOf(args, '--run-slices') ?? '1000,10000').split(',').map(Number);
  const runs: RunFigures[] = [];
  for (const n of sizes) runs.push(await benchGantryRun(n));
  printFigures(`gantry run end to end (node ${process.version}, ${process.arch})`, runs);
}

function valueOf(args: readonly string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
