import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

/** A free TCP port on loopback (the OS picks; released before the service binds it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface ServiceProcess {
  child: ChildProcess;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Spawns a compiled stage service (`apps/<stage>/dist/main.js`) with the given environment.
 * `npm test` builds before running Jest, so these are the real entrypoints.
 */
export function spawnService(stage: string, env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'apps', stage, 'dist', 'main.js')], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Polls `probe` until it returns a value, or fails with the last error after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms`, { cause: last });
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Waits until a service answers ready (every dependency checked). */
export async function waitReady(baseUrl: string, service: ServiceProcess, timeoutMs = 60_000): Promise<void> {
  await eventually(async () => {
    if (service.child.exitCode !== null) throw new Error(`service exited early:\n${service.output()}`);
    const res = await fetch(`${baseUrl}/health/ready`);
    return res.ok ? true : undefined;
  }, timeoutMs).catch((e: unknown) => {
    throw new Error(`not ready: ${service.output().slice(-2000)}`, { cause: e });
  });
}
