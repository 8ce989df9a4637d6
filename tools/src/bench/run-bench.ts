import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunJson } from '../e2e/support/cli';
import { REPO_ROOT } from '../e2e/support/processes';
import { writeCtSlices } from './ct-slices';
import { RunFigures } from './figures';

const PROBE = join(__dirname, 'run-rss-probe.js');


/** Runs the built CLI as a user would, in a fresh data dir; resolves with its exit code and stdout. */
function gantryRun(dir: string, out: string, data: string, rssFile: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', PROBE, join(REPO_ROOT, 'bin', 'gantry.js'), 'run', dir, '--out', out, '--data', data, '--json'], {
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', GANTRY_BENCH_RSS_FILE: rssFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * End-to-end `gantry run <dir> --out <folder>` on the embedded default (PGlite, in-process
 * bus, filesystem blobs), from process start to exit: boot, ingest, index, inspect,
 * remediate, redact, export, manifest. Same seed, same slices, fresh data dir per run.
 */
export async function benchGantryRun(slices: number): Promise<RunFigures> {
  const root = await mkdtemp(join(tmpdir(), 'gantry-bench-run-'));
  try {
    const input = join(root, 'ct');
    const bytes = await writeCtSlices(input, slices);
    const rssFile = join(root, 'rss');
    const started = process.hrtime.bigint();
    const res = await gantryRun(input, join(root, 'out'), join(root, 'data'), rssFile);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (res.code !== 0) throw new Error(`gantry run exited ${String(res.code)}: ${res.stderr.slice(-2000)}`);
    const summary = JSON.parse(res.stdout) as RunJson;
    if (summary.exported !== slices) throw new Error(`expected ${slices} exported, got ${summary.exported} (blocked ${summary.blocked}, held ${summary.held})`);
    const peakRssMiB = Number(await readFile(rssFile, 'utf8')) / 1024;
    return {
      scenario: `gantry run, ${slices} slices (embedded: PGlite, in-process bus, fs blobs)`,
      files: slices, bytes, seconds, peakRssMiB,
      extra: { runSeconds: summary.seconds.toFixed(2) },
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
