import { INSTANCE_EXPORTED, INSTANCE_INDEXED, INSTANCE_INGESTED, INSTANCE_REDACTED, INSTANCE_REMEDIATED, PHI_FOUND } from '@gantry/domain';
import { STAGES, StageName } from '@gantry/stages';
import { cleanReport, exactlyOnceReport, waitAllExported, waitManifest } from './support/exactly-once';
import { ctCorpus, instanceKeys } from './support/fault-corpus';
import { FaultStack, waitFor } from './support/fault-stack';

const FIRST = 500;
const SECOND = 200;
/** What each stage appends: how far it got is read from the store. */
const OUTPUT: Record<StageName, string> = {
  ingest: INSTANCE_INGESTED, indexer: INSTANCE_INDEXED, inspector: PHI_FOUND, remediator: INSTANCE_REMEDIATED, redactor: INSTANCE_REDACTED, exporter: INSTANCE_EXPORTED,
};

async function acks(url: string, stage: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(new RegExp(`gantry_messages_processed_total\\{stage="${stage}",outcome="ack"\\} (\\d+)`).exec(text)?.[1] ?? 0);
}

/**
 * Fault tolerance of the distributed pipeline (issue 6): every stage its own process as the
 * stack runs it, inspector, remediator and redactor with two replicas sharing their durable
 * consumers, on a database, stream, prefix, S3 server and export folder of this test.
 */
describe('faults: replicas and kill -9 on the real services (Postgres, JetStream, S3, folder export)', () => {
  let stack: FaultStack;
  const first = ctCorpus('replicas', FIRST);
  const second = ctCorpus('kill9', SECOND);
  let firstKeys: string[];
  let secondKeys: string[];

  beforeAll(async () => {
    // A killed replica's unacknowledged messages come back after the ack wait: 15 s, not the default minute.
    stack = await FaultStack.start({ name: 'replicas', replicas: { inspector: 2, remediator: 2, redactor: 2 }, serviceEnv: { GANTRY_ACK_WAIT_MS: '15000' } });
    firstKeys = instanceKeys(stack.ring, first);
    secondKeys = instanceKeys(stack.ring, second);
  }, 180_000);

  afterAll(async () => {
    await stack?.cleanup();
  }, 120_000);

  it(`exports each of ${FIRST} instances exactly once with two replicas each of inspector, remediator and redactor`, async () => {
    const started = Date.now();
    await stack.stow(first.parts);
    await waitAllExported(stack, firstKeys, 300_000);
    process.stdout.write(`faults-replicas: ${FIRST} instances exported in ${Math.round((Date.now() - started) / 1000)} s\n`);

    expect(await exactlyOnceReport(stack, firstKeys, first.instanceUids)).toEqual(cleanReport(FIRST));
    expect(await waitManifest(stack, FIRST)).toHaveLength(FIRST);
    // Both replicas of each doubled stage took part, and together they acknowledged every instance.
    for (const stage of ['inspector', 'remediator', 'redactor'] as const) {
      const perReplica = await Promise.all([0, 1].map((i) => acks(stack.replica(stage, i).url, stage)));
      expect({ stage, bothWorked: perReplica.every((n) => n > 0), total: perReplica[0]! + perReplica[1]! >= FIRST }).toEqual({ stage, bothWorked: true, total: true });
    }
    expect(stack.exits).toEqual([]);
  }, 420_000);

  it('loses and duplicates nothing when one replica of every stage is killed with SIGKILL mid-run and restarted by the supervisor', async () => {
    const expected = new Set(secondKeys);
    const progress = async (type: string): Promise<number> => {
      const rows = await stack.db.query<{ key: string }>(`select distinct data->>'key' as key from events where type = $1`, [type]);
      return rows.rows.filter((r) => expected.has(r.key)).length;
    };
    const killed: { stage: StageName; pid: number; pendingAtKill: number }[] = [];
    /** Kills one replica of `stage` as soon as the stage has work ahead of it (input events without its output). */
    const killWhenBusy = async (stage: StageName, input: () => Promise<number>): Promise<void> => {
      const pending = await waitFor(`${stage} with pending work`, async () => {
        const n = (await input()) - (await progress(OUTPUT[stage]));
        return n > 0 ? n : undefined;
      }, 120_000, 50);
      killed.push({ stage, pid: stack.kill9(stage, 0), pendingAtKill: pending });
    };

    // Ingest dies while the upload is under way (the uploader re-sends what failed); then,
    // once it is back, each later stage while it has work ahead of it.
    let uploaded = 0;
    let ingestKilled: Promise<void> | undefined;
    const upload = stack.stow(second.parts, {
      batch: 10,
      onBatch: (done) => {
        uploaded = done;
        if (done >= SECOND / 4) ingestKilled ??= killWhenBusy('ingest', () => Promise.resolve(SECOND));
      },
    });
    await waitFor('the ingest kill', async () => (ingestKilled ? true : undefined), 120_000, 100);
    await ingestKilled;
    await stack.waitRestarted('ingest', 0, killed[0]!.pid);
    const stages = STAGES.filter((s) => s !== 'ingest');
    for (const [i, stage] of stages.entries()) {
      const previous = i === 0 ? 'ingest' : stages[i - 1]!;
      await killWhenBusy(stage, () => progress(OUTPUT[previous]));
    }
    const { resent } = await upload;
    expect(uploaded).toBe(SECOND);
    const restarted = await Promise.all(killed.map((k) => stack.waitRestarted(k.stage, 0, k.pid)));
    await waitAllExported(stack, [...firstKeys, ...secondKeys], 240_000);

    // Every stage was killed once, while it had work of this batch ahead of it.
    expect(killed.map((k) => k.stage).sort()).toEqual([...STAGES].sort());
    for (const k of killed) expect({ stage: k.stage, busy: k.pendingAtKill > 0 }).toEqual({ stage: k.stage, busy: true });
    expect(stack.exits.map((e) => `${e.replica} ${e.code}`).sort()).toEqual(STAGES.map((s) => `${s}-0 null`).sort());
    expect(restarted.every((pid, i) => pid !== killed[i]!.pid)).toBe(true);
    expect(await stack.waitAllReady()).toEqual([]);
    process.stdout.write(`faults-replicas: killed ${killed.map((k) => `${k.stage} (${k.pendingAtKill} pending)`).join(', ')}; ${resent} STOW-RS batches re-sent\n`);

    expect(await exactlyOnceReport(stack, [...firstKeys, ...secondKeys], [...first.instanceUids, ...second.instanceUids])).toEqual(cleanReport(FIRST + SECOND));
    expect(await waitManifest(stack, FIRST + SECOND)).toHaveLength(FIRST + SECOND);
  }, 420_000);

  it('stops every replica gracefully on SIGTERM (exit 0) and leaves no process behind', async () => {
    const codes = await stack.stop();
    expect(codes).toEqual(stack.replicas.map(() => 0));
    expect(stack.orphans()).toEqual([]);
  }, 60_000);
});
