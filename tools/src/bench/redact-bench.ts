import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestEnvironment } from '@gantry/testing';
import { printFigures, RunFigures } from './figures';
import { REDACT_SCENARIOS, RedactScenario } from './redact-images';

const run = promisify(execFile);
const WORKER = join(__dirname, 'redact-worker.js');

interface Timed {
  seconds: number;
  files: number;
  frames: number;
  bytes: number;
  maxRssKb: number;
  /** Peak before the timed loop (stage runs: the database and the seeding). */
  rssBeforeKb: number;
}

async function worker(args: readonly string[], env: Record<string, string>): Promise<Timed> {
  const { stdout } = await run(process.execPath, [WORKER, ...args], { env: { PATH: process.env['PATH'] ?? '', ...env }, maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Timed;
}

const figures = (scenario: string, r: Timed): RunFigures => ({
  scenario, files: r.files, bytes: r.bytes, seconds: r.seconds, peakRssMiB: r.maxRssKb / 1024,
  extra: {
    'frames/s': (r.frames / r.seconds).toFixed(1),
    frames: r.frames,
    ...(r.rssBeforeKb > 0 && { 'peak before loop MiB': (r.rssBeforeKb / 1024).toFixed(0) }),
  },
});

/** Instances per run: about 200 frames each, enough to be steady, short enough for CI. */
const COUNTS: Record<RedactScenario, number> = { ct: 200, us: 20 };

/**
 * Redaction throughput in frames/s (one core: the work is CPU-bound) for a 512x512 16-bit
 * CT slice and a 640x480 RGB ultrasound loop, zone = the top 48 rows: the engine alone
 * (decode, paint, self-check, encode, write in memory) and the redactor stage's handler on
 * the embedded default (PGlite) and on Postgres, filesystem blobs: the original header and
 * the remediated object read, the redacted one written (fsync), the Redacted event appended.
 */
export async function benchRedaction(): Promise<void> {
  const runs: RunFigures[] = [];
  for (const scenario of Object.keys(REDACT_SCENARIOS) as RedactScenario[]) {
    const { label } = REDACT_SCENARIOS[scenario];
    runs.push(figures(`redact engine: ${label}`, await worker(['engine', scenario, String(COUNTS[scenario])], {})));
    const dataDir = await mkdtemp(join(tmpdir(), 'gantry-bench-redact-'));
    try {
      runs.push(figures(`redactor stage, embedded: ${label}`, await worker(['stage', scenario, String(COUNTS[scenario])], { GANTRY_DATA_DIR: dataDir })));
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
    const env = await createTestEnvironment();
    try {
      runs.push(figures(`redactor stage, Postgres: ${label}`, await worker(['stage', scenario, String(COUNTS[scenario])], env.env)));
    } finally {
      await env.cleanup();
    }
  }
  printFigures(`Redaction throughput (node ${process.version}, ${process.arch})`, runs);
}
