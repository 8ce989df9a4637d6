import { INSTANCE_INDEXED } from '@gantry/domain';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { EventChain } from '../chain/event-chain';
import { StreamTailCache } from '../chain/stream-tail-cache';
import { Checkpoint, StoredEvent } from '../event-store.port';
import { indexedEvent, ingestedEvent, streamName } from '../test-support/test-events';
import { readUntil } from '../test-support/read-until';
import { openStore, StoreTarget, TARGETS, testKeyRing } from '../test-support/store-targets';
import { StreamAppender } from './append';
import { PostgresEventStore } from './postgres-event-store';
import { compareCheckpoints } from './read-all';
import { SqlClient } from './sql-client';

/** The production append path, run on a raw connection so the test controls its transaction. */
const appenderOn = (client: Client, store: PostgresEventStore, chain: EventChain): StreamAppender => {
  const sql: SqlClient = { query: async <R>(text: string, params: readonly unknown[] = []) => (await client.query(text, [...params])).rows as R[] };
  return new StreamAppender(sql, store.schema, chain, new StreamTailCache());
};

const ids = (events: StoredEvent[]): string[] => events.map((e) => e.event.id);

describe.each(TARGETS)('PostgresEventStore readAll on %s', (_name, makeTarget) => {
  let target: StoreTarget;
  let store: PostgresEventStore;
  let chain: EventChain;

  beforeAll(async () => {
    target = await makeTarget();
  }, 120_000);
  afterAll(() => target?.close());
  beforeEach(async () => {
    const keyRing = testKeyRing();
    chain = new EventChain(keyRing);
    store = await openStore(target, { keyRing });
  });
  afterEach(() => store?.close());

  it('never returns an event ahead of one a slower transaction has yet to commit', async () => {
    const before = ingestedEvent();
    await store.append(streamName(), [before]);
    const start = await readUntil(store, 1);
    expect(ids(start.events)).toEqual([before.id]);

    const held = await target.client();
    const early = ingestedEvent();
    const late = ingestedEvent();
    try {
      // Begun first: its row gets the lower global position and transaction id.
      await held.query('BEGIN');
      await appenderOn(held, store, chain).append(streamName(), [early], 'no_stream');
      const lateAppend = store.append(streamName(), [late]);
      let checkpointBetween: Checkpoint | null = start.checkpoint;
      if (target.serializesTransactions) {
        // PGlite runs one transaction at a time: the later append waits for the held one.
        const state = await Promise.race([lateAppend.then(() => 'done'), sleep(300).then(() => 'waiting')]);
        expect(state).toBe('waiting');
      } else {
        await lateAppend;
        const between = await store.readAll({ after: start.checkpoint });
        expect(between.events).toEqual([]);
        // The late row is committed but behind the horizon: a reader must not call itself caught up.
        expect(between.held).toBe(true);
        checkpointBetween = between.checkpoint;
        expect(compareCheckpoints(checkpointBetween!, start.checkpoint!)).toBe(0);
      }
      await held.query('COMMIT');
      await lateAppend;
      // The reader that checkpointed in between still gets the late-committed event, first.
      const after = await readUntil(store, 2, { after: checkpointBetween });
      expect(ids(after.events)).toEqual([early.id, late.id]);
      expect(after.events[0]!.globalPosition).toBeLessThan(after.events[1]!.globalPosition);
      expect(ids((await readUntil(store, 3)).events)).toEqual([before.id, early.id, late.id]);
    } finally {
      await held.end();
    }
  });

  it('filters by type while the checkpoint still moves past the skipped events', async () => {
    const a = ingestedEvent();
    const b = indexedEvent(a);
    const c = ingestedEvent();
    const d = indexedEvent(c);
    await store.append(streamName(), [a, b]);
    await store.append(streamName(), [c, d, ingestedEvent()]);
    const all = await readUntil(store, 5);
    const last = all.events[all.events.length - 1]!;

    const indexed = await store.readAll({ types: [INSTANCE_INDEXED] });
    expect(ids(indexed.events)).toEqual([b.id, d.id]);
    expect(indexed.checkpoint).toEqual({ transactionId: last.transactionId, globalPosition: last.globalPosition });

    const firstPage = await store.readAll({ types: [INSTANCE_INDEXED], limit: 1 });
    expect(ids(firstPage.events)).toEqual([b.id]);
    const secondPage = await store.readAll({ types: [INSTANCE_INDEXED], limit: 1, after: firstPage.checkpoint });
    expect(ids(secondPage.events)).toEqual([d.id]);

    const nothingNew = await store.readAll({ types: [INSTANCE_INDEXED], after: indexed.checkpoint });
    expect(nothingNew).toEqual({ events: [], checkpoint: indexed.checkpoint, held: false });
    await expect(store.readAll({ limit: 0 })).rejects.toMatchObject({ code: 'INVALID_LIMIT' });
  });

  it('pages through everything in commit order with a checkpointing reader', async () => {
    const appended: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      const batch = [ingestedEvent(), ingestedEvent()];
      await store.append(streamName(), batch);
      appended.push(...batch.map((e) => e.id));
    }
    const { events, checkpoint } = await readUntil(store, appended.length, { limit: 3 });
    expect(ids(events)).toEqual(appended);
    await expect(store.readAll({ after: checkpoint })).resolves.toEqual({ events: [], checkpoint, held: false });
  });

  it('sees every event exactly once while writers commit out of order', async () => {
    const writers = await Promise.all([0, 1, 2, 3].map(() => target.client()));
    const written: string[] = [];
    const start = (await store.readAll()).checkpoint;
    // The reader runs alongside the writers, checkpointing as it goes.
    const reading = readUntil(store, writers.length * 8, { after: start, limit: 5, timeoutMs: 25_000 });
    try {
      await Promise.all(
        writers.map(async (client, w) => {
          for (let i = 0; i < 8; i += 1) {
            const event = ingestedEvent();
            await client.query('BEGIN');
            await appenderOn(client, store, chain).append(streamName(), [event], 'no_stream');
            // Commit after a varying delay: later writers often commit first.
            await sleep(((w * 7 + i * 3) % 5) * (target.serializesTransactions ? 1 : 8));
            await client.query('COMMIT');
            written.push(event.id);
          }
        }),
      );
    } finally {
      await Promise.all(writers.map((c) => c.end()));
    }
    const seen = (await reading).events;
    expect(ids(seen).sort()).toEqual([...written].sort());
    for (let i = 1; i < seen.length; i += 1) expect(compareCheckpoints(seen[i - 1]!, seen[i]!)).toBe(-1);
  }, 30_000);
});
