import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createTestDatabase, ctInstance, PLANTED, TestDatabase, testNatsUrl } from '@gantry/testing';
import { REPO_ROOT } from './service-supervisor';

const run = promisify(execFile);

interface ReadyLine {
  event: 'ready';
  env: Record<string, string>;
  envFile: string;
  replicas: { stage: string; index: number; url: string }[];
}

/** `npm run stack`'s program, as a developer starts it (the build is `npm test`'s first step). */
function startStack(args: string[]): { child: ChildProcess; lines: () => object[]; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'tools/dist/stack/main.js'), ...args], { env: { PATH: process.env['PATH'] ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => process.stderr.write(d));
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  return { child, exited, lines: () => out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as object) };
}

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 250));
  }
}

const gantry = (args: string[], env: Record<string, string>) =>
  run(process.execPath, [join(REPO_ROOT, 'bin/gantry.js'), ...args], { env: { PATH: process.env['PATH'] ?? '', HOME: tmpdir(), ...env }, maxBuffer: 16 << 20 });

describe('npm run stack: six services as processes on the real Postgres and JetStream, plus an S3 server', () => {
  let db: TestDatabase;
  let dir: string;
  let samples: string;
  const id = Math.random().toString(16).slice(2, 10);
  const stream = `STACK_${id.toUpperCase()}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), 'gantry-stack-'));
    samples = await mkdtemp(join(tmpdir(), 'gantry-stack-in-'));
    for (let i = 1; i <= 3; i++) await writeFile(join(samples, `ct${i}.dcm`), ctInstance(`stack-${id}-${i}`, { serial: 'STACK-1', number: i }));
  });
  afterAll(async () => {
    const nc = await connect({ servers: testNatsUrl() });
    await (await jetstreamManager(nc)).streams.delete(stream).catch(() => false);
    await nc.close();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
    await rm(samples, { recursive: true, force: true });
  });

  it('starts every stage (two indexers), serves the gantry command through the printed env, and stops cleanly', async () => {
    const stack = startStack(['--dir', dir, '--database-url', db.url, '--nats', testNatsUrl(), '--stream', stream, '--prefix', `st${id}`, '--replicas', 'indexer=2', '--http-port', '0', '--scp-port', '0', '--s3-port', '0', '--json']);
    try {
      const ready = await until(() => stack.lines().find((l): l is ReadyLine => (l as ReadyLine).event === 'ready') ?? (stack.child.exitCode !== null ? Promise.reject(new Error('stack exited')) : undefined));
      expect(ready.replicas.map((r) => `${r.stage}-${r.index}`).sort()).toEqual(['exporter-0', 'indexer-0', 'indexer-1', 'ingest-0', 'inspector-0', 'redactor-0', 'remediator-0'].sort());
      expect(ready.env).toMatchObject({ GANTRY_DATABASE_URL: db.url, GANTRY_NATS_STREAM: stream, GANTRY_S3_BUCKET: 'gantry' });
      expect(await readFile(ready.envFile, 'utf8')).toContain(`export GANTRY_NATS_STREAM='${stream}'`);

      const imported = await gantry(['import', samples, '--json'], ready.env);
      expect(JSON.parse(imported.stdout)).toMatchObject({ filesFound: 3, ingested: 3 });
      const devices = await until(async () => {
        const inv = JSON.parse((await gantry(['inventory', '--json'], ready.env)).stdout) as { devices: { serial: string; instances: number }[] };
        return inv.devices.find((d) => d.serial === 'STACK-1' && d.instances === 3);
      }, 60_000);
      expect(devices.instances).toBe(3);

      // Both indexer replicas share the durable: together they indexed each instance exactly once.
      const acked = await Promise.all(
        ready.replicas.filter((r) => r.stage === 'indexer').map(async (r) => {
          const text = await (await fetch(`${r.url}/metrics`)).text();
          return Number(/gantry_messages_processed_total\{stage="indexer",outcome="ack"\} (\d+)/.exec(text)?.[1] ?? 0);
        }),
      );
      expect(acked.reduce((a, b) => a + b, 0)).toBe(3);
      const status = JSON.parse((await gantry(['status', '--json'], ready.env)).stdout) as { cluster: { consumers: { consumer: string; exists: boolean }[] } };
      expect(status.cluster.consumers.find((c) => c.consumer === 'indexer')).toMatchObject({ exists: true });

      const logs = await Promise.all((await readdir(join(dir, 'logs'))).map((f) => readFile(join(dir, 'logs', f), 'utf8')));
      expect(logs.join('').length).toBeGreaterThan(0);
      for (const planted of Object.values(PLANTED)) expect(logs.join('\n')).not.toContain(planted);
    } finally {
      stack.child.kill('SIGTERM');
    }
    expect(await stack.exited).toBe(0);
    const stopped = stack.lines().find((l) => (l as { event?: string }).event === 'stopped') as { codes: number[] };
    expect(stopped.codes).toEqual(Array(7).fill(0));
  }, 240_000);
});
