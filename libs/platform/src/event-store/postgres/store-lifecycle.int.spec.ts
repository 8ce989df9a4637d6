import { Test } from '@nestjs/testing';
import { KeyRing } from '@gantry/domain';
import { setTimeout as sleep } from 'node:timers/promises';
import { eventStoreDataSource } from '../create-event-store';
import { EventStore } from '../event-store.port';
import { eventStoreProvider } from '../event-store.provider';
import { EVENT_STORE_MIGRATIONS, EVENT_STORE_MIGRATIONS_TABLE } from '../migrations';
import { ingestedEvent, streamName } from '../test-support/test-events';
import { openStore, postgresTarget, StoreTarget, TARGETS, testKeyRing, uniqueSchema } from '../test-support/store-targets';
import { migrateUnderAdvisoryLock } from './migrate';
import { PostgresEventStore } from './postgres-event-store';

/** Resolves once `count()` reaches `n`, or fails after `ms`. */
async function eventually(count: () => number, n: number, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (count() < n) {
    if (Date.now() > deadline) throw new Error(`expected ${n} calls, saw ${count()}`);
    await sleep(10);
  }
}

describe.each(TARGETS)('PostgresEventStore lifecycle on %s', (_name, makeTarget) => {
  let target: StoreTarget;

  beforeAll(async () => {
    target = await makeTarget();
  }, 120_000);
  afterAll(() => target?.close());

  it('round-trips a checkpoint and overwrites it', async () => {
    const store = await openStore(target);
    try {
      await expect(store.loadCheckpoint('indexer')).resolves.toBeNull();
      const big = { transactionId: 2n ** 40n + 7n, globalPosition: 2n ** 53n + 1n };
      await store.storeCheckpoint('indexer', big);
      await expect(store.loadCheckpoint('indexer')).resolves.toEqual(big);
      await store.storeCheckpoint('indexer', { transactionId: 5n, globalPosition: 9n });
      await expect(store.loadCheckpoint('indexer')).resolves.toEqual({ transactionId: 5n, globalPosition: 9n });
      await expect(store.storeCheckpoint('x', { transactionId: -1n, globalPosition: 0n })).rejects.toMatchObject({ code: 'INVALID_CHECKPOINT' });
    } finally {
      await store.close();
    }
  });

  it('migrates one schema from several stores at once and records the migration in TypeORM', async () => {
    const schema = uniqueSchema();
    const stores = await Promise.all([1, 2, 3].map(() => openStore(target, { schema })));
    try {
      const raw = await target.client();
      const applied = await raw.query(`SELECT name FROM "${schema}".${EVENT_STORE_MIGRATIONS_TABLE}`);
      await raw.end();
      expect(applied.rows).toEqual(EVENT_STORE_MIGRATIONS.map((m) => ({ name: new m().name })));
      const stream = streamName();
      await stores[0]!.append(stream, [ingestedEvent()]);
      await expect(stores[2]!.readStream(stream)).resolves.toHaveLength(1);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('fires local listeners after each committed append, isolating a throwing listener', async () => {
    const store = await openStore(target, { listen: false });
    try {
      let calls = 0;
      store.onAppend(() => {
        throw new Error('listener bug');
      });
      const off = store.onAppend(() => (calls += 1));
      const stream = streamName();
      const batch = [ingestedEvent()];
      await store.append(stream, batch);
      expect(calls).toBe(1);
      off();
      await store.append(stream, [ingestedEvent()]);
      await sleep(50);
      expect(calls).toBe(1);
    } finally {
      await store.close();
      await store.close();
    }
  });
});

describe('PostgresEventStore across processes (Postgres)', () => {
  let target: StoreTarget;

  beforeAll(async () => {
    target = await postgresTarget();
  });
  afterAll(() => target?.close());

  it('takes the migration advisory lock so concurrent runners apply each migration once', async () => {
    const schema = uniqueSchema();
    const sources = [1, 2, 3, 4].map(() => eventStoreDataSource(target.endpoint, schema, 2));
    await Promise.all(sources.map((s) => s.initialize()));
    try {
      await Promise.all(sources.map((s) => migrateUnderAdvisoryLock(s, schema)));
      const applied: unknown[] = await sources[0]!.query(`SELECT name FROM "${schema}".${EVENT_STORE_MIGRATIONS_TABLE}`);
      expect(applied).toHaveLength(EVENT_STORE_MIGRATIONS.length);
    } finally {
      await Promise.all(sources.map((s) => s.destroy()));
    }
  });

  it('wakes another process through LISTEN/NOTIFY', async () => {
    const keyRing = testKeyRing();
    const listener = await openStore(target, { keyRing });
    const writer = await openStore(target, { keyRing, schema: listener.schema });
    const elsewhere = await openStore(target, { keyRing });
    try {
      let woken = 0;
      listener.onAppend(() => (woken += 1));
      // The first call is the catch-up hint fired once LISTEN is in place.
      await eventually(() => woken, 1);
      await elsewhere.append(streamName(), [ingestedEvent()]);
      await writer.append(streamName(), [ingestedEvent()]);
      await eventually(() => woken, 2);
      await sleep(100);
      expect(woken).toBe(2);
    } finally {
      await Promise.all([listener.close(), writer.close(), elsewhere.close()]);
    }
  });

  it('keeps working, with local hints only, when the LISTEN connection is unavailable', async () => {
    const schema = uniqueSchema();
    const dataSource = eventStoreDataSource(target.endpoint, schema, 2);
    const store = new PostgresEventStore(dataSource, testKeyRing(), { schema, listen: { host: '127.0.0.1', port: 1 } });
    await dataSource.initialize();
    await store.migrate();
    try {
      let calls = 0;
      store.onAppend(() => (calls += 1));
      await store.append(streamName(), [ingestedEvent()]);
      expect(calls).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('is provided to Nest as the EventStore port and closed with the application', async () => {
    const keyRing = testKeyRing();
    const moduleRef = await Test.createTestingModule({
      providers: [{ provide: KeyRing, useValue: keyRing }, eventStoreProvider({ target: () => ({ url: urlOf(target) }), schema: uniqueSchema() })],
    }).compile();
    const store = moduleRef.get(EventStore);
    expect(store).toBeInstanceOf(PostgresEventStore);
    await expect(store.append(streamName(), [ingestedEvent()])).resolves.toMatchObject({ streamVersion: 1 });
    await moduleRef.close();
    await expect(store.readAll()).rejects.toMatchObject({ name: 'EventStoreError', code: 'QUERY_FAILED' });
  });
});

function urlOf(target: StoreTarget): string {
  if (!('url' in target.endpoint)) throw new Error('a Postgres target has a URL');
  return target.endpoint.url;
}
