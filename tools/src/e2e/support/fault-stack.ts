import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';
import { KeyRing } from '@gantry/domain';
import { loadOrCreateKey } from '@gantry/platform';
import { STAGES, StageName } from '@gantry/stages';
import { createTestDatabase, multipartRelated, RunningS3Server, TestDatabase, testNatsUrl } from '@gantry/testing';
import { checkJetStream, prepareKey, stackEnv, startStackS3 } from '../../stack/infrastructure';
import { freePort, Replica, ServiceSupervisor } from '../../stack/service-supervisor';
import { StackOptions } from '../../stack/stack-options';
import { gantry } from './cli';

export interface FaultStackOptions {
  /** Short label for temp dirs. */
  name: string;
  /** Replicas per stage (1 when not given). */
  replicas?: Partial<Record<StageName, number>>;
  /** NATS servers (default: the shared test server, with a stream and prefix of this stack's own). */
  natsUrl?: string;
  /** Extra GANTRY_* variables for every service (e.g. a shorter ack wait). */
  serviceEnv?: Record<string, string>;
  /** The pipeline configuration (YAML); `{out}` is replaced by the export folder. */
  config?: string;
}

export interface StackExit {
  replica: string;
  code: number | null;
  at: number;
}

export interface RunningReplica extends Replica {
  url: string;
}

/** A folder export named `out`, objects by opaque instance key: one file per instance. */
export const FOLDER_EXPORT_CONFIG = 'version: 1\nexport:\n  destinations:\n    - { name: out, kind: folder, path: "{out}", layout: "{key}.dcm" }\n';

const READY_MS = 120_000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls until `probe` returns a value; an error thrown by `probe` fails at once (a condition that can never be met). */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, everyMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** null when ready; otherwise the failing checks (`nats:TIMEOUT`) or why there is no answer. */
async function readiness(url: string): Promise<string | null> {
  try {
    const res = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(5_000) });
    if (res.ok) return null;
    const body = (await res.json().catch(() => ({}))) as { status?: string; checks?: Record<string, { status: string; error?: string }> };
    const failing = Object.entries(body.checks ?? {}).filter(([, c]) => c.status !== 'up').map(([name, c]) => `${name}:${c.error ?? c.status}`);
    return `${body.status ?? res.status} ${failing.join(' ')}`.trim();
  } catch (e) {
    return `no answer (${(e as Error).name})`;
  }
}

const isReady = async (url: string): Promise<boolean> => (await readiness(url)) === null;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The distributed pipeline as the stack runs it (every stage replica its own process
 * `apps/<stage>/dist/main.js`, restarted by the service supervisor when it dies), on a
 * database, stream, subject prefix, S3 server and data/export folders of its own, with
 * the handles a fault test needs: the replicas' pids, SIGKILL, the event store.
 */
export class FaultStack {
  /** Every pid a replica ever had (checked for orphans at the end). */
  private readonly allPids = new Set<number>();
  private stopped = false;

  private constructor(
    /** Every replica exit the supervisor saw (it restarts the replica 2 s later). */
    readonly exits: StackExit[],
    readonly dir: string,
    readonly out: string,
    readonly stream: string,
    readonly prefix: string,
    readonly natsUrl: string,
    /** The GANTRY_* environment of the stack: what the `gantry` command needs to join in. */
    readonly env: Record<string, string>,
    readonly ring: KeyRing,
    readonly db: Client,
    readonly replicas: RunningReplica[],
    private readonly supervisor: ServiceSupervisor,
    private readonly s3: RunningS3Server,
    private readonly database: TestDatabase,
  ) {}

  static async start(o: FaultStackOptions): Promise<FaultStack> {
    const id = randomBytes(4).toString('hex');
    const dir = await mkdtemp(join(tmpdir(), `gantry-faults-${o.name}-`));
    const out = join(dir, 'out');
    const natsUrl = o.natsUrl ?? testNatsUrl();
    const stream = `FAULTS_${id.toUpperCase()}`;
    // Undone in reverse if the stack cannot be assembled.
    const undo: (() => Promise<unknown>)[] = [() => rm(dir, { recursive: true, force: true })];
    let parts: { database: TestDatabase; s3: RunningS3Server; env: Record<string, string>; ring: KeyRing; counts: Record<StageName, number> };
    try {
      await mkdir(join(dir, 'logs'), { recursive: true });
      await mkdir(out, { recursive: true });
      const database = await createTestDatabase();
      undo.unshift(() => database.drop());
      const counts = Object.fromEntries(STAGES.map((s) => [s, o.replicas?.[s] ?? 1])) as Record<StageName, number>;
      const options: StackOptions = {
        dir, databaseUrl: database.url, natsUrl, stream, prefix: `ft${id}`, s3Port: 0, bucket: 'gantry', httpPort: 0, scpPort: 0, replicas: counts, json: false,
      };
      await checkJetStream(options);
      undo.unshift(() => deleteStream(natsUrl, stream));
      const s3 = await startStackS3(options);
      undo.unshift(() => s3.close());
      const keyFile = await prepareKey(options);
      const ring = await loadOrCreateKey(keyFile, { log: () => undefined, warn: () => undefined });
      parts = { database, s3, env: stackEnv(options, s3, keyFile), ring, counts };
    } catch (e) {
      for (const u of undo) await u().catch(() => undefined);
      throw e;
    }
    const { database, s3, env, ring, counts } = parts;
    const exits: StackExit[] = [];
    const supervisor = new ServiceSupervisor({ ...env, ...o.serviceEnv }, (r, code) => exits.push({ replica: `${r.stage}-${r.index}`, code, at: Date.now() }));
    const db = new Client({ connectionString: database.url });
    const replicas: RunningReplica[] = [];
    for (const stage of STAGES) {
      for (let index = 0; index < counts[stage]; index++) {
        const httpPort = await freePort();
        const scpPort = stage === 'ingest' ? await freePort() : undefined;
        replicas.push({ stage, index, httpPort, ...(scpPort !== undefined ? { scpPort } : {}), logFile: join(dir, 'logs', `${stage}-${index}.log`), url: `http://127.0.0.1:${httpPort}` });
      }
    }
    const stack = new FaultStack(exits, dir, out, stream, `ft${id}`, natsUrl, env, ring, db, replicas, supervisor, s3, database);
    try {
      // The configuration is installed (and the schema created) before any service starts.
      await writeFile(join(dir, 'config.yaml'), (o.config ?? FOLDER_EXPORT_CONFIG).replace('{out}', out));
      const set = await gantry(['config', 'set', join(dir, 'config.yaml')], env);
      if (set.code !== 0) throw new Error(`gantry config set failed: ${set.stderr}`);
      await db.connect();
      for (const group of [replicas.filter((r) => r.stage === 'ingest'), replicas.filter((r) => r.stage !== 'ingest')]) {
        group.forEach((r) => supervisor.start(r));
        stack.recordPids();
        await Promise.all(group.map((r) => waitFor(`${r.stage}-${r.index} ready (log ${r.logFile})`, async () => ((await isReady(r.url)) ? true : undefined), READY_MS, 250)));
      }
      if (stack.exits.length > 0) throw new Error(`replicas died while starting: ${JSON.stringify(stack.exits)}`);
      return stack;
    } catch (e) {
      await stack.cleanup();
      throw e;
    }
  }

  private recordPids(): void {
    for (const pid of Object.values(this.supervisor.pids())) if (pid !== undefined) this.allPids.add(pid);
  }

  replica(stage: StageName, index = 0): RunningReplica {
    const r = this.replicas.find((x) => x.stage === stage && x.index === index);
    if (!r) throw new Error(`no replica ${stage}-${index}`);
    return r;
  }

  pid(stage: StageName, index = 0): number {
    const pid = this.supervisor.pids()[`${stage}-${index}`];
    if (pid === undefined) throw new Error(`no process for ${stage}-${index}`);
    return pid;
  }

  /** `kill -9` of one replica: no shutdown hook runs, in-flight messages stay unacknowledged. */
  kill9(stage: StageName, index = 0): number {
    const pid = this.pid(stage, index);
    process.kill(pid, 'SIGKILL');
    return pid;
  }

  /** Waits until the supervisor has replaced a killed process and the new one is ready. */
  async waitRestarted(stage: StageName, index: number, killedPid: number, timeoutMs = READY_MS): Promise<number> {
    const r = this.replica(stage, index);
    return waitFor(`${stage}-${index} restarted and ready`, async () => {
      const pid = this.supervisor.pids()[`${stage}-${index}`];
      if (pid === undefined || pid === killedPid || alive(killedPid)) return undefined;
      this.recordPids();
      return (await isReady(r.url)) ? pid : undefined;
    }, timeoutMs, 250);
  }

  /** The replicas not ready now (`/health/ready`: Postgres, NATS, blobs), each with its failing checks. */
  async notReady(): Promise<string[]> {
    const answers = await Promise.all(this.replicas.map((r) => readiness(r.url)));
    return this.replicas.flatMap((r, i) => (answers[i] === null ? [] : [`${r.stage}-${r.index} ${answers[i]}`]));
  }

  /** Waits until every replica answers ready (a loaded machine may miss one probe); the stragglers otherwise. */
  async waitAllReady(timeoutMs = 60_000): Promise<string[]> {
    let last: string[] = [];
    return waitFor('every replica ready', async () => {
      last = await this.notReady();
      return last.length === 0 ? last : undefined;
    }, timeoutMs, 500).catch(() => last);
  }

  /**
   * Stores instances over STOW-RS (multipart batches), spread over the ingest replicas. A
   * batch whose request fails (a replica killed mid-request, a restart) is sent again, to the
   * next replica, as a modality would: ingest answers a resend as duplicates.
   */
  async stow(parts: readonly Uint8Array[], options: { batch?: number; parallel?: number; onBatch?: (done: number) => void } = {}): Promise<{ resent: number }> {
    const size = options.batch ?? 25;
    const batches: Uint8Array[][] = [];
    for (let i = 0; i < parts.length; i += size) batches.push(parts.slice(i, i + size));
    const ingest = this.replicas.filter((r) => r.stage === 'ingest');
    let next = 0;
    let done = 0;
    let resent = 0;
    let turn = 0;
    const send = async (batch: Uint8Array[]): Promise<void> => {
      for (let attempt = 0; ; attempt++) {
        const target = ingest[turn++ % ingest.length] as RunningReplica;
        const status = await fetch(`${target.url}/studies`, {
          method: 'POST',
          headers: { 'content-type': 'multipart/related; type="application/dicom"; boundary=faults' },
          body: multipartRelated('faults', batch),
          signal: AbortSignal.timeout(120_000),
        }).then((r) => r.status, () => 0);
        if (status === 200) return;
        if (status !== 0 && status < 500) throw new Error(`STOW-RS answered ${status}`);
        if (attempt >= 120) throw new Error('STOW-RS kept failing');
        resent++;
        await sleep(1_000);
      }
    };
    const worker = async (): Promise<void> => {
      while (next < batches.length) {
        const batch = batches[next++] as Uint8Array[];
        await send(batch);
        done += batch.length;
        options.onBatch?.(done);
      }
    };
    await Promise.all(Array.from({ length: options.parallel ?? 2 }, () => worker()));
    return { resent };
  }

  /** Count of events per type (whole store). */
  async typeCounts(): Promise<Record<string, number>> {
    const rows = await this.db.query<{ type: string; n: number }>('select type, count(*)::int as n from events group by type');
    return Object.fromEntries(rows.rows.map((r) => [r.type, r.n]));
  }

  /** How many instances have an event of `type`. */
  async keysWith(type: string): Promise<number> {
    const rows = await this.db.query<{ n: number }>(`select count(distinct data->>'key')::int as n from events where type = $1`, [type]);
    return rows.rows[0]?.n ?? 0;
  }

  /** SIGTERM to every replica (SIGKILL after the grace), the S3 server stopped; exit codes. */
  async stop(graceMs = 30_000): Promise<(number | null)[]> {
    if (this.stopped) return [];
    this.stopped = true;
    this.recordPids();
    const codes = await this.supervisor.stop(graceMs);
    await this.s3.close().catch(() => undefined);
    return codes;
  }

  /** The pids of replicas still alive (must be none after stop). */
  orphans(): number[] {
    return [...this.allPids].filter(alive);
  }

  /**
   * Stops everything (if still running), kills any survivor, drops the database and the stream,
   * removes the folders (kept, with the services' logs, when GANTRY_FAULTS_KEEP=1, to look into a failure).
   */
  async cleanup(): Promise<void> {
    await this.stop(10_000).catch(() => undefined);
    for (const pid of this.orphans()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    await this.db.end().catch(() => undefined);
    await deleteStream(this.natsUrl, this.stream);
    await this.database.drop().catch(() => undefined);
    if (process.env['GANTRY_FAULTS_KEEP'] === '1') process.stdout.write(`GANTRY_FAULTS_KEEP: kept ${this.dir}\n`);
    else await rm(this.dir, { recursive: true, force: true });
  }
}

async function deleteStream(servers: string, stream: string): Promise<void> {
  const nc = await connect({ servers, timeout: 2_000, reconnect: false }).catch(() => null);
  if (!nc) return;
  try {
    await (await jetstreamManager(nc)).streams.delete(stream).catch(() => false);
  } finally {
    await nc.close();
  }
}
