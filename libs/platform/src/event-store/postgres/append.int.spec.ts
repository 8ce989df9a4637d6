import { InvalidEventError } from '@gantry/domain';
import { ConcurrencyError, EventStoreError, PartialDuplicateError } from '../errors';
import { ingestedEvent, streamName } from '../test-support/test-events';
import { openStore, StoreTarget, TARGETS, testKeyRing, uniqueSchema } from '../test-support/store-targets';
import { PostgresEventStore } from './postgres-event-store';

describe.each(TARGETS)('PostgresEventStore append on %s', (_name, makeTarget) => {
  let target: StoreTarget;
  let store: PostgresEventStore;

  beforeAll(async () => {
    target = await makeTarget();
  }, 120_000);
  afterAll(() => target?.close());
  beforeEach(async () => {
    store = await openStore(target);
  });
  afterEach(() => store?.close());

  it('appends a batch and reads it back with positions, bigint positions and a hash chain', async () => {
    const stream = streamName();
    const events = [ingestedEvent(), ingestedEvent(), ingestedEvent()];
    await expect(store.append(stream, events, { expectedVersion: 'no_stream' })).resolves.toEqual({ streamVersion: 3, duplicate: false });
    const stored = await store.readStream(stream);
    expect(stored.map((e) => e.event)).toEqual(events);
    expect(stored.map((e) => e.streamPosition)).toEqual([1, 2, 3]);
    expect(typeof stored[0]!.globalPosition).toBe('bigint');
    expect(typeof stored[0]!.transactionId).toBe('bigint');
    expect(new Set(stored.map((e) => e.transactionId)).size).toBe(1);
    expect(stored.every((e) => /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
    expect((await store.readStream(stream, { fromPosition: 3 })).map((e) => e.event.id)).toEqual([events[2]!.id]);
    expect((await store.findEvent(events[1]!.id))?.streamPosition).toBe(2);
    await expect(store.findEvent('not-a-uuid')).resolves.toBeNull();
  });

  it('lets exactly one of two writers at the same expected version win', async () => {
    const other = await openStore(target, { schema: store.schema });
    try {
      for (let round = 0; round < 10; round += 1) {
        const stream = streamName();
        await store.append(stream, [ingestedEvent()], { expectedVersion: 'no_stream' });
        await other.readStream(stream);
        const results = await Promise.allSettled([
          store.append(stream, [ingestedEvent()], { expectedVersion: 1 }),
          other.append(stream, [ingestedEvent()], { expectedVersion: 1 }),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(lost?.reason).toBeInstanceOf(ConcurrencyError);
        expect((lost?.reason as ConcurrencyError).actual).toBe(2);
        expect(await store.readStream(stream)).toHaveLength(2);
      }
    } finally {
      await other.close();
    }
  });

  it('lets exactly one of two writers create a new stream', async () => {
    const other = await openStore(target, { schema: store.schema });
    try {
      const stream = streamName();
      const results = await Promise.allSettled([
        store.append(stream, [ingestedEvent()], { expectedVersion: 'no_stream' }),
        other.append(stream, [ingestedEvent()], { expectedVersion: 'no_stream' }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: expect.any(ConcurrencyError) });
    } finally {
      await other.close();
    }
  });

  it('rejects a wrong expected version with the actual one, and appends with "any" from a stale cache', async () => {
    const keyRing = testKeyRing();
    const schema = uniqueSchema();
    const a = await openStore(target, { keyRing, schema });
    const b = await openStore(target, { keyRing, schema });
    try {
      const stream = streamName();
      await a.append(stream, [ingestedEvent()]);
      await b.append(stream, [ingestedEvent(), ingestedEvent()]);
      await expect(a.append(stream, [ingestedEvent()], { expectedVersion: 1 })).rejects.toMatchObject({ actual: 3, code: 'CONCURRENCY' });
      await expect(a.append(stream, [ingestedEvent()])).resolves.toEqual({ streamVersion: 4, duplicate: false });
      await expect(a.append(stream, [ingestedEvent()], { expectedVersion: 'no_stream' })).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(a.verifyChains()).resolves.toEqual([]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('refuses an event that fails its schema and writes nothing', async () => {
    const stream = streamName();
    const good = ingestedEvent();
    const bad = { ...ingestedEvent(), data: { ...ingestedEvent().data, patientName: 'DOE^JOHN' } } as unknown as typeof good;
    await expect(store.append(stream, [good, bad])).rejects.toBeInstanceOf(InvalidEventError);
    await expect(store.readStream(stream)).resolves.toEqual([]);
    await expect(store.findEvent(good.id)).resolves.toBeNull();
  });

  it('treats a full re-append as a duplicate and a partial overlap as an error', async () => {
    const stream = streamName();
    const batch = [ingestedEvent(), ingestedEvent()];
    await store.append(stream, batch, { expectedVersion: 'no_stream' });
    await expect(store.append(stream, batch, { expectedVersion: 'no_stream' })).resolves.toEqual({ streamVersion: 2, duplicate: true });
    await expect(store.append(stream, [batch[1]!, ingestedEvent()])).rejects.toBeInstanceOf(PartialDuplicateError);
    await expect(store.append(streamName(), batch)).rejects.toBeInstanceOf(PartialDuplicateError);
    await expect(store.append(stream, [batch[0]!, batch[0]!])).rejects.toMatchObject({ code: 'DUPLICATE_ID_IN_BATCH' });
    expect(await store.readStream(stream)).toHaveLength(2);
  });

  it('stores an upper-case event id in canonical form and still verifies its chain', async () => {
    const stream = streamName();
    const event = ingestedEvent();
    await store.append(stream, [{ ...event, id: event.id.toUpperCase() }]);
    expect((await store.findEvent(event.id.toUpperCase()))?.event.id).toBe(event.id);
    await expect(store.verifyChains({ streamId: stream })).resolves.toEqual([]);
  });

  it('answers an empty batch with the current version, honouring the expected version', async () => {
    const stream = streamName();
    await expect(store.append(stream, [], { expectedVersion: 'no_stream' })).resolves.toEqual({ streamVersion: 0, duplicate: false });
    await store.append(stream, [ingestedEvent()]);
    await expect(store.append(stream, [], { expectedVersion: 1 })).resolves.toEqual({ streamVersion: 1, duplicate: false });
    await expect(store.append(stream, [], { expectedVersion: 'no_stream' })).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(store.append(stream, [ingestedEvent()], { expectedVersion: -1 })).rejects.toBeInstanceOf(EventStoreError);
  });
});
