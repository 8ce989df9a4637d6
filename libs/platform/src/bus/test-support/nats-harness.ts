import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { ensureStream } from '../jetstream/ensure-stream';

/*
 * NATS harness for the bus's own integration tests. The public harness is
 * @gantry/testing (createTestJetStream, startNatsServer); platform cannot import it
 * (testing depends on platform, and Nx refuses the cycle), hence this small copy.
 * Not exported from the library.
 */

export const natsUrl = (): string => process.env['GANTRY_TEST_NATS_URL'] ?? 'nats://127.0.0.1:4222';

export interface BusTestStream {
  servers: string;
  stream: string;
  prefix: string;
  connection: NatsConnection;
  cleanup(): Promise<void>;
}

/** A stream and subject prefix of this test's own; an unreachable server fails the test. */
export async function testStream(servers = natsUrl()): Promise<BusTestStream> {
  const id = randomBytes(5).toString('hex');
  const stream = `TEST_${id.toUpperCase()}`;
  const prefix = `gt${id}`;
  const connection = await connect({ servers, name: `bus-test-${id}` });
  const jsm = await jetstreamManager(connection);
  await ensureStream(jsm, { name: stream, prefix });
  const cleanup = async (): Promise<void> => {
    await jsm.streams.delete(stream).catch(() => false);
    await connection.drain();
  };
  return { servers, stream, prefix, connection, cleanup };
}

export interface OwnNatsServer {
  servers: string;
  restart(): Promise<void>;
  /** Stops the process until `start`: an outage. */
  halt(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A nats-server -js of this test's own, on a free port, for restart tests. */
export async function ownNatsServer(): Promise<OwnNatsServer> {
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'gantry-bus-nats-'));
  let child: ChildProcess | null = null;
  const start = async (): Promise<void> => {
    const c = spawn(process.env['GANTRY_NATS_SERVER_BIN'] ?? '/usr/sbin/nats-server', ['-js', '-sd', storeDir, '-p', String(port), '-a', '127.0.0.1'], {
      stdio: 'ignore',
    });
    child = c;
    await waitForPort(port, c);
  };
  const halt = async (): Promise<void> => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((resolve) => c.once('exit', resolve));
    c.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    servers: `nats://127.0.0.1:${port}`,
    halt,
    start,
    restart: async () => {
      await halt();
      await start();
    },
    stop: async () => {
      await halt();
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

/** Ready = JetStream answers (after a restart the server recovers its streams before it does). */
async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nats-server exited with code ${child.exitCode}`);
    if (await jetStreamAnswers(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nats-server JetStream not ready on ${port}`);
}

async function jetStreamAnswers(port: number): Promise<boolean> {
  const open = await new Promise<boolean>((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => socket.end(() => resolve(true)));
    socket.once('error', () => resolve(false));
  });
  if (!open) return false;
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
