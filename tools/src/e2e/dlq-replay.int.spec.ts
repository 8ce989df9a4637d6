import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { derivedEventId, GantryEvent, INSTANCE_INDEXED, INSTANCE_INGESTED } from '@gantry/domain';
import { BlobStore, EventStore, loadConfig } from '@gantry/platform';
import { EmbeddedPipeline, ImporterService, StageName } from '@gantry/stages';
import { createTestEnvironment, ctInstance, TestEnvironment } from '@gantry/testing';
import { gantry } from './support/cli';
import { eventually, freePort, ServiceProcess, spawnService, waitReady } from './support/processes';

type Ingested = GantryEvent<typeof INSTANCE_INGESTED>;

interface DeadLetterJson {
  id: string;
  consumer: string;
  reason: string;
  eventId: string;
  state: string;
}
interface ReplayJson {
  deadLetterId: string;
  outcome: string;
  newDeadLetter?: { id: string; reason: string };
}

/** Runs `work` on stages booted in this test process (not consuming unless asked). */
async function withStages<T>(env: TestEnvironment, stages: StageName[], consume: boolean, work: (p: EmbeddedPipeline) => Promise<T>): Promise<T> {
  const pipeline = await EmbeddedPipeline.start(loadConfig(env.env), { stages, consume });
  try {
    return await work(pipeline);
  } finally {
    await pipeline.close();
  }
}

/** Ingests one instance, then takes its raw blob away: the indexer can only dead-letter it (BLOB_MISSING). */
async function ingestWithoutBlob(env: TestEnvironment): Promise<{ ingested: Ingested; bytes: Uint8Array }> {
  const dir = await mkdtemp(join(tmpdir(), 'gantry-dlq-'));
  await writeFile(join(dir, 'ct.dcm'), ctInstance(`dlq-${Date.now()}`, { serial: 'DLQ-1' }));
  try {
    return await withStages(env, ['ingest'], false, async (p) => {
      const summary = await p.get(ImporterService).importPaths([dir]);
      expect(summary.ingested).toBe(1);
      const batch = await p.app.get(EventStore).readAll({ types: [INSTANCE_INGESTED] });
      const ingested = batch.events[0]!.event as Ingested;
      const blobs = p.app.get(BlobStore);
      const bytes = await blobs.getBytes(ingested.data.blobKey);
      await blobs.delete(ingested.data.blobKey);
      return { ingested, bytes };
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const restoreBlob = (env: TestEnvironment, ingested: Ingested, bytes: Uint8Array): Promise<unknown> =>
  withStages(env, [], false, (p) => p.app.get(BlobStore).put(ingested.data.blobKey, bytes));

const indexedFor = (env: TestEnvironment, ingested: Ingested): Promise<boolean> =>
  withStages(env, [], false, async (p) => (await p.app.get(EventStore).findEvent(derivedEventId(ingested.id, INSTANCE_INDEXED))) !== null);

async function listLetters(env: TestEnvironment, ...flags: string[]): Promise<DeadLetterJson[]> {
  const res = await gantry(['dlq', 'list', '--json', ...flags], env.env);
  expect(res).toMatchObject({ code: 0 });
  return (JSON.parse(res.stdout) as { deadLetters: DeadLetterJson[] }).deadLetters;
}

async function replay(env: TestEnvironment, args: string[], code: number): Promise<ReplayJson[]> {
  const res = await gantry(['dlq', 'replay', ...args, '--json'], env.env);
  expect({ code: res.code, stderr: res.stderr }).toEqual({ code, stderr: expect.any(String) as unknown });
  return (JSON.parse(res.stdout) as { replays: ReplayJson[] }).replays;
}

describe('gantry dlq, embedded (in-process bus over the real Postgres)', () => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await createTestEnvironment();
  });
  afterAll(async () => {
    await env?.cleanup();
  });

  it('lists a dead letter, replays it (failing again, then handled once the cause is fixed)', async () => {
    const { ingested, bytes } = await ingestWithoutBlob(env);
    await withStages(env, ['indexer'], true, (p) => p.whenIdle());
    const [letter] = await listLetters(env);
    expect(letter).toMatchObject({ consumer: 'indexer', reason: 'BLOB_MISSING', eventId: ingested.id, state: 'open' });

    const [again] = await replay(env, [letter!.id], 1);
    expect(again).toMatchObject({ deadLetterId: letter!.id, outcome: 'dead-lettered', newDeadLetter: { reason: 'BLOB_MISSING' } });
    expect((await listLetters(env)).map((l) => l.id)).toEqual([again!.newDeadLetter!.id]);

    await restoreBlob(env, ingested, bytes);
    const [handled] = await replay(env, ['--all', '--consumer', 'indexer'], 0);
    expect(handled).toMatchObject({ deadLetterId: again!.newDeadLetter!.id, outcome: 'handled' });
    expect(await indexedFor(env, ingested)).toBe(true);
    expect(await listLetters(env)).toEqual([]);
    expect((await listLetters(env, '--all')).map((l) => l.state)).toEqual(['replayed', 'replayed']);
  }, 120_000);

  it('refuses a malformed id (exit 2) and an unknown one (exit 1, by code)', async () => {
    expect(await gantry(['dlq', 'replay', 'not-an-id'], env.env)).toMatchObject({ code: 2 });
    const unknown = await gantry(['dlq', 'replay', '00000000-0000-4000-8000-000000000000'], env.env);
    expect(unknown).toMatchObject({ code: 1 });
    expect(unknown.stderr).toContain('DEAD_LETTER_NOT_FOUND');
  }, 60_000);
});

describe('gantry dlq and status against services (real Postgres, JetStream, S3)', () => {
  let env: TestEnvironment;
  let indexer: ServiceProcess;
  let indexerUrl: string;

  beforeAll(async () => {
    env = await createTestEnvironment({ nats: true, s3: true });
  }, 60_000);
  afterAll(async () => {
    await indexer?.stop();
    await env?.cleanup();
  }, 60_000);

  it('replays through the indexer service’s replay durable, waits for the outcome, and shows cluster lag', async () => {
    const { ingested, bytes } = await ingestWithoutBlob(env);
    const port = await freePort();
    indexer = spawnService('indexer', { ...env.env, GANTRY_HTTP_PORT: String(port), GANTRY_LOG_FILE: join(env.dataDir, 'indexer.log') });
    indexerUrl = `http://127.0.0.1:${port}`;
    await waitReady(indexerUrl, indexer);
    const ready = (await (await fetch(`${indexerUrl}/health/ready`)).json()) as { checks: Record<string, { status: string }> };
    expect(ready.checks['nats']).toMatchObject({ status: 'up' });

    const letter = await eventually(async () => (await listLetters(env)).find((l) => l.eventId === ingested.id), 30_000, 500);
    expect(letter).toMatchObject({ consumer: 'indexer', reason: 'BLOB_MISSING' });

    const status = await gantry(['status', '--json'], env.env);
    expect(status.code).toBe(0);
    const cluster = (JSON.parse(status.stdout) as { cluster: { stream: string; consumers: { stage: string; consumer: string; exists: boolean; lag: number }[] } }).cluster;
    expect(cluster.stream).toBe(env.jetstream!.stream);
    expect(cluster.consumers).toContainEqual(expect.objectContaining({ stage: 'indexer', consumer: 'indexer', exists: true, lag: 0 }));

    await restoreBlob(env, ingested, bytes);
    const [result] = await replay(env, [letter!.id, '--timeout', '60'], 0);
    expect(result).toMatchObject({ deadLetterId: letter!.id, outcome: 'handled' });
    expect(await indexedFor(env, ingested)).toBe(true);
    // Every bus metric is fed in service mode; consumer lag is sampled every 15 s.
    const metrics = await eventually(async () => {
      const text = await (await fetch(`${indexerUrl}/metrics`)).text();
      return /gantry_consumer_lag_messages\{stage="indexer"\} 0/.test(text) ? text : undefined;
    }, 40_000, 1_000);
    expect(metrics).toMatch(/gantry_messages_processed_total\{stage="indexer",outcome="dead_letter"\} 1/);
    expect(metrics).toMatch(/gantry_messages_processed_total\{stage="indexer",outcome="ack"\} 1/);
    expect(metrics).toMatch(/gantry_messages_failed_total\{stage="indexer",outcome="dead_letter"\} 1/);
    expect(metrics).toMatch(/gantry_handler_duration_seconds_count\{stage="indexer"\} 2/);
    expect(metrics).toMatch(/gantry_in_flight\{stage="indexer"\} 0/);
    expect(metrics).toMatch(/gantry_relay_lag_events 0/);
  }, 180_000);
});
