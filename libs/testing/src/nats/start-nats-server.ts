import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

export interface NatsServerOptions {
  port?: number;
  /** JetStream store directory; a temporary one (removed by `stop`) when omitted. */
  storeDir?: string;
}

export interface TestNatsServer {
  servers: string;
  port: number;
  storeDir: string;
  /** Stops the process (SIGTERM) and starts it again on the same port and store: a server restart. */
  restart(): Promise<void>;
  /** Stops the process only; `start` brings it back (for tests that need the server down a while). */
  halt(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server for good and removes a temporary store. */
  stop(): Promise<void>;
}

const binary = (): string => process.env['GANTRY_NATS_SERVER_BIN'] ?? '/usr/sbin/nats-server';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => socket.end(() => resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Ready = JetStream answers, not merely the port: after a restart the server recovers its streams first. */
async function jetStreamAnswers(port: number): Promise<boolean> {
  if (!(await accepts(port))) return false;
  const nc = await connect({ servers: `nats://127.0.0.1:${port}`, timeout: 1_000 }).catch(() => null);
  if (!nc) return false;
  try {
    await (await jetstreamManager(nc, { timeout: 1_000 })).getAccountInfo();
    return true;
  } catch {
    return false;
  } finally {
    await nc.close();
  }
}

async function waitForJetStream(port: number, child: ChildProcess, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nats-server exited with code ${child.exitCode}`);
    if (await jetStreamAnswers(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nats-server JetStream not ready on ${port} within ${timeoutMs} ms`);
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

/** A nats-server with JetStream owned by one test, for fault injection (restarts, outages). */
export async function startNatsServer(options: NatsServerOptions = {}): Promise<TestNatsServer> {
  const port = options.port ?? (await freePort());
  const storeDir = options.storeDir ?? mkdtempSync(join(tmpdir(), 'gantry-nats-'));
  let child: ChildProcess | null = null;
  const start = async (): Promise<void> => {
    if (child) return;
    const c = spawn(binary(), ['-js', '-sd', storeDir, '-p', String(port), '-a', '127.0.0.1'], { stdio: 'ignore' });
    child = c;
    await waitForJetStream(port, c).catch(async (error: unknown) => {
      c.kill('SIGKILL');
      child = null;
      throw error;
    });
  };
  const halt = async (): Promise<void> => {
    const c = child;
    child = null;
    if (!c) return;
    c.kill('SIGTERM');
    await exited(c);
  };
  await start();
  return {
    servers: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    start,
    halt,
    restart: async () => {
      await halt();
      await start();
    },
    stop: async () => {
      await halt();
      if (!options.storeDir) rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
