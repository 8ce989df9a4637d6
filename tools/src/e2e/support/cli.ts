import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './processes';

const run = promisify(execFile);

/** What `gantry run --json` prints: one object with exactly these keys. */
export interface RunJson {
  ingested: number;
  rejected: number;
  duplicates: number;
  exported: number;
  blocked: number;
  held: number;
  seconds: number;
  filesPerSecond: number;
  reasons: { rejected: Record<string, number>; blocked: Record<string, number>; held: Record<string, number>; unaccounted: Record<string, number> };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `gantry` command as a user would (bin/gantry.js), capturing its output. */
export async function gantry(args: readonly string[], env: Record<string, string> = {}, timeoutMs = 300_000): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(REPO_ROOT, 'bin', 'gantry.js'), ...args], {
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ...env },
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}
