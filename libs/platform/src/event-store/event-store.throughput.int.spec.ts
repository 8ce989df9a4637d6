import { GantryEvent } from '@gantry/domain';
import { performance } from 'node:perf_hooks';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { ingestedEvent, streamName } from './test-support/test-events';
import { readUntil } from './test-support/read-until';
import { openStore, StoreTarget, TARGETS } from './test-support/store-targets';

/** A measurement printed for the report, not a timed assertion: machines differ. */
interface Measurement {
  target: string;
  scenario: string;
  appends: number;
  perSecond: number;
}

const results: Measurement[] = [];

async function measure(target: string, scenario: string, appends: number, run: () => Promise<void>): Promise<void> {
  const started = performance.now();
  await run();
  const seconds = (performance.now() - started) / 1000;
  results.push({ target, scenario, appends, perSecond: Math.round(appends / seconds) });
}

/** `workers` loops sharing `total` appends, each of one new event to its own new stream. */
async function concurrently(store: PostgresEventStore, workers: number, total: number, made: GantryEvent[]): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < total) {
        next += 1;
        const event = ingestedEvent();
        made.push(event);
        await store.append(streamName(), [event], { expectedVersion: 'no_stream' });
      }
    }),
  );
}

describe.each(TARGETS)('event store throughput on %s', (name, makeTarget) => {
  let target: StoreTarget;
  let store: PostgresEventStore;
  const n = name === 'postgres' ? 1000 : 500;
  const warmup = 50;

  beforeAll(async () => {
    target = await makeTarget();
    store = await openStore(target, { poolSize: 16 });
    await concurrently(store, 4, warmup, []);
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await target?.close();
  });

  it('measures appends per second, single writer and concurrent', async () => {
    const made: GantryEvent[] = [];
    await measure(name, '1 writer, new stream each', n, () => concurrently(store, 1, n, made));
    const stream = streamName();
    await measure(name, '1 writer, one stream, expected version', n, async () => {
      for (let i = 0; i < n; i += 1) {
        const event = ingestedEvent();
        made.push(event);
        await store.append(stream, [event], { expectedVersion: i === 0 ? 'no_stream' : i });
      }
    });
    await measure(name, '16 writers, new stream each', n, () => concurrently(store, 16, n, made));
    await measure(name, '1 writer, batches of 10 events', n, async () => {
      for (let i = 0; i < n / 10; i += 1) {
        const batch = Array.from({ length: 10 }, () => ingestedEvent());
        made.push(...batch);
        await store.append(streamName(), batch, { expectedVersion: 'no_stream' });
      }
    });
    const stored = await readUntil(store, warmup + made.length, { limit: 10_000 });
    expect(stored.events.map((e) => e.event.id)).toEqual(expect.arrayContaining(made.map((e) => e.id)));
    await expect(store.verifyChains()).resolves.toEqual([]);
  }, 300_000);
});

afterAll(() => {
  const lines = results.map((r) => `${r.target.padEnd(9)} ${r.scenario.padEnd(40)} ${String(r.appends).padStart(5)} events  ${String(r.perSecond).padStart(6)} events/s`);
  console.log(`event store throughput\n${lines.join('\n')}`);
});
