import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { StageName } from '@gantry/stages';

/** The compiled service entrypoints, from tools/dist/stack (or tools/src/stack under ts-jest). */
export const REPO_ROOT = resolve(__dirname, '../../..');

export interface Replica {
  stage: StageName;
  index: number;
  httpPort: number;
  scpPort?: number;
  logFile: string;
}

/** A free loopback port chosen by the OS (released before the service binds it). */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? ok(address.port) : fail(new Error('no free port'))));
    });
  });
}

interface Running {
  replica: Replica;
  child: ChildProcess;
  exited: Promise<number | null>;
}

const RESTART_MS = 2_000;

/**
 * Runs the replicas as child processes (`node apps/<stage>/dist/main.js`, the same entrypoint
 * as the container) and restarts one that dies, as Kubernetes would. Logs go to one file per
 * replica; stdout stays free for the stack's own output.
 */
export class ServiceSupervisor {
  private readonly running = new Map<string, Running>();
  private stopping = false;

  constructor(
    private readonly env: Record<string, string>,
    private readonly onExit: (replica: Replica, code: number | null) => void,
  ) {}

  start(replica: Replica): void {
    const env = {
      ...this.env,
      PATH: process.env['PATH'] ?? '',
      GANTRY_HTTP_HOST: '127.0.0.1',
      GANTRY_HTTP_PORT: String(replica.httpPort),
      GANTRY_LOG_FILE: replica.logFile,
      ...(replica.scpPort !== undefined ? { GANTRY_SCP_PORT: String(replica.scpPort) } : {}),
    };
    const child = spawn(process.execPath, [join(REPO_ROOT, 'apps', replica.stage, 'dist', 'main.js')], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    // Startup failures are printed to stderr before any log file exists: pass them on.
    child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[${replica.stage}-${replica.index}] ${d.toString()}`));
    const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
    const key = `${replica.stage}-${replica.index}`;
    this.running.set(key, { replica, child, exited });
    void exited.then((code) => {
      if (this.stopping) return;
      this.onExit(replica, code);
      setTimeout(() => !this.stopping && this.start(replica), RESTART_MS).unref();
    });
  }

  pids(): Record<string, number | undefined> {
    return Object.fromEntries([...this.running].map(([key, r]) => [key, r.child.pid]));
  }

  /** SIGTERM to every replica (graceful: in-flight work settles), SIGKILL after `graceMs`. */
  async stop(graceMs = 30_000): Promise<(number | null)[]> {
    this.stopping = true;
    const all = [...this.running.values()];
    all.forEach((r) => r.child.exitCode === null && r.child.signalCode === null && r.child.kill('SIGTERM'));
    const kill = setTimeout(() => all.forEach((r) => r.child.exitCode === null && r.child.kill('SIGKILL')), graceMs);
    const codes = await Promise.all(all.map((r) => r.exited));
    clearTimeout(kill);
    return codes;
  }
}
