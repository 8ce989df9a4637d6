import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestEnvironment } from '@gantry/testing';
import { printFigures, RunFigures } from './figures';

const run = promisify(execFile);
const WORKER = join(__dirname, 'remediate-worker.js');

interface Timed {
  seconds: number;
  files: number;
  maxRssKb: number;
}

async function worker(args: readonly string[], env: Record<string, string>): Promise<string> {
  const { stdout } = await run(process.execPath, [WORKER, ...args], { env: { PATH: process.env['PATH'] ?? '', ...env }, maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim().split('\n').pop() ?? '{}';
}

/** The remediator stage on one deployment: slices prepared (ingested, indexed, inspected), then remediated in a fresh process. */
async function stage(scenario: string, dir: string, bytes: number, env: Record<string, string>): Promise<RunFigures> {
  await worker(['prepare', dir], env);
  const r = JSON.parse(await worker(['remediate'], env)) as Timed;
  return { scenario, files: r.files, bytes, seconds: r.seconds, peakRssMiB: r.maxRssKb / 1024 };
}

/**
 * Remediation throughput (files/s, MB/s of input) on the benchmark's CT slices: the engine
 * alone (read, plan, apply, write; one file at a time, no storage), and the remediator stage's handler on the
 * embedded default (PGlite, filesystem blobs) and on Postgres. The Basic Profile.
 */
export async function benchRemediation(dir: string, bytes: number, slices: number): Promise<void> {
  const runs: RunFigures[] = [];
  const engine = JSON.parse(await worker(['domain', dir], {})) as Timed;
  runs.push({ scenario: 'remediate: engine only (read+plan+apply+write)', files: engine.files, bytes, seconds: engine.seconds, peakRssMiB: engine.maxRssKb / 1024 });
  const dataDir = await mkdtemp(join(tmpdir(), 'gantry-bench-remediate-'));
  try {
    runs.push(await stage('remediator stage, embedded (PGlite, fs blobs)', dir, bytes, { GANTRY_DATA_DIR: dataDir }));
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  const env = await createTestEnvironment();
  try {
    runs.push(await stage('remediator stage, Postgres (fs blobs)', dir, bytes, env.env));
  } finally {
    await env.cleanup();
  }
  printFigures(`Remediation, ${slices} slices (node ${process.version}, ${process.arch})`, runs);
}
