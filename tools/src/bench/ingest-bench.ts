import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestEnvironment } from '@gantry/testing';
import { freePort, spawnService, waitReady } from '../e2e/support/processes';
import { peakRssOf, RunFigures } from './figures';

const run = promisify(execFile);
const WORKER = join(__dirname, 'ingest-worker.js');

interface WorkerResult {
  seconds: number;
  files: number;
  ingested: number;
  maxRssKb: number;
}

async function worker(mode: string, dir: string, env: Record<string, string>): Promise<WorkerResult> {
  const { stdout } = await run(process.execPath, [WORKER, mode, dir], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as WorkerResult;
}

/** Ingest + index on the embedded default: PGlite, in-process bus, filesystem blobs. */
export async function benchEmbeddedIngest(dir: string, bytes: number): Promise<RunFigures> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gantry-bench-'));
  try {
    const r = await worker('embedded', dir, { GANTRY_DATA_DIR: dataDir });
    return { scenario: 'ingest+index embedded (PGlite, in-process)', files: r.files, bytes, seconds: r.seconds, peakRssMiB: r.maxRssKb / 1024 };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * Ingest in one process, the indexer as its own service consuming over JetStream, both on
 * the local Postgres (a fresh database) and NATS (a fresh stream). Peak RSS is the sum.
 */
export async function benchJetStreamIngest(dir: string, bytes: number): Promise<RunFigures> {
  const env = await createTestEnvironment({ nats: true });
  const port = await freePort();
  const indexer = spawnService('indexer', { ...env.env, GANTRY_HTTP_PORT: String(port) });
  try {
    await waitReady(`http://127.0.0.1:${port}`, indexer);
    const r = await worker('jetstream', dir, env.env);
    const indexerRss = await peakRssOf(indexer.child.pid ?? 0);
    return {
      scenario: 'ingest+index over JetStream (Postgres, 2 processes)',
      files: r.files, bytes, seconds: r.seconds, peakRssMiB: r.maxRssKb / 1024 + indexerRss,
      extra: { ingestRssMiB: (r.maxRssKb / 1024).toFixed(0), indexerRssMiB: indexerRss.toFixed(0) },
    };
  } finally {
    await indexer.stop();
    await env.cleanup();
  }
}
