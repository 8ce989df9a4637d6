import { ConcurrencyError } from '../errors';
import { ingestedEvent, streamName } from '../test-support/test-events';
import { openStore, StoreTarget, TARGETS } from '../test-support/store-targets';
import { PostgresEventStore } from './postgres-event-store';

describe.each(TARGETS)('group commit on %s', (_name, makeTarget) => {
  let target: StoreTarget;
  let store: PostgresEventStore;

  beforeAll(async () => {
    target = await makeTarget();
    store = await openStore(target);
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await target?.close();
  });

  it('commits concurrent appends to many streams, each answered on its own', async () => {
    const streams = Array.from({ length: 40 }, () => streamName());
    const results = await Promise.all(streams.map((s) => store.append(s, [ingestedEvent(), ingestedEvent()], { expectedVersion: 'no_stream' })));
    expect(results.every((r) => r.streamVersion === 2 && !r.duplicate)).toBe(true);
    for (const s of streams.slice(0, 5)) expect(await store.readStream(s)).toHaveLength(2);
    expect(await store.verifyChains()).toEqual([]);
  });

  it('fails only the entry whose expected version is wrong, in a batch with others', async () => {
    const taken = streamName();
    await store.append(taken, [ingestedEvent()]);
    const others = Array.from({ length: 10 }, () => streamName());
    const settled = await Promise.allSettled([
      store.append(taken, [ingestedEvent()], { expectedVersion: 'no_stream' }),
      ...others.map((s) => store.append(s, [ingestedEvent()], { expectedVersion: 'no_stream' })),
    ]);
    expect(settled[0]).toMatchObject({ status: 'rejected', reason: expect.any(ConcurrencyError) });
    expect(settled.slice(1).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(await store.readStream(taken)).toHaveLength(1);
  });

  it('serializes two appends to one stream in submission order and keeps its chain intact', async () => {
    const s = streamName();
    const [a, b] = await Promise.all([store.append(s, [ingestedEvent()]), store.append(s, [ingestedEvent()])]);
    expect([a.streamVersion, b.streamVersion].sort()).toEqual([1, 2]);
    expect(await store.verifyChains({ streamId: s })).toEqual([]);
  });

  it('answers a concurrent re-append of stored ids as a duplicate', async () => {
    const s = streamName();
    const event = ingestedEvent();
    await store.append(s, [event]);
    const again = await Promise.all([store.append(s, [event]), store.append(streamName(), [ingestedEvent()])]);
    expect(again[0]).toEqual({ streamVersion: 1, duplicate: true });
  });
});
