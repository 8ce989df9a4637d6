import { DEAD_LETTER_REPLAYED, GantryEvent, INSTANCE_INGESTED, MESSAGE_DEAD_LETTERED } from '@gantry/domain';
import { DeliveryPolicy } from '../delivery-policy';
import { PermanentError } from '../errors';
import { InProcessBus } from '../in-process/in-process-bus';
import { InMemoryEventStore } from '../in-memory-event-store.fake';
import { ingestedEvent, TestHandler, testBinding } from '../test-events.fake';
import { listDeadLetters } from './list-dead-letters';
import { DeadLetterReplayError, redeadLetterId, requestReplay } from './request-replay';

const policy: DeliveryPolicy = { ackWaitMs: 500, maxDeliver: 2, backoffMs: [5], concurrency: 2 };
const silent = { log: jest.fn(), error: jest.fn(), warn: jest.fn(), debug: jest.fn() };

let store: InMemoryEventStore;
let bus: InProcessBus;

async function start(consumers: Record<string, TestHandler>): Promise<void> {
  bus = new InProcessBus({ store, policy, logger: silent, pollMs: 50, retryMs: 10 });
  await bus.attach(Object.entries(consumers).map(([name, h]) => testBinding(name, INSTANCE_INGESTED, h)));
}

const letters = (): GantryEvent[] => store.events.filter((e) => e.event.type === MESSAGE_DEAD_LETTERED).map((e) => e.event);

beforeEach(() => {
  store = new InMemoryEventStore();
});
afterEach(async () => {
  await bus.close();
});

describe('DLQ replay on the in-process bus', () => {
  it('redelivers the original to the consumer that dead-lettered it, and only to that one', async () => {
    let healed = false;
    const calls: { consumer: string; id: string; deliveryCount: number }[] = [];
    const record: (consumer: string) => TestHandler = (consumer) => async (e, ctx) => {
      calls.push({ consumer, id: e.id, deliveryCount: ctx.deliveryCount });
      if (consumer === 'indexer' && !healed) throw new PermanentError('BLOB_MISSING', 'raw blob missing');
    };
    await start({ indexer: record('indexer'), other: record('other') });
    const event = ingestedEvent();
    await store.append(`instance-${event.subject}`, [event]);
    await bus.whenIdle();
    const [letter] = letters();
    expect(letter?.data).toMatchObject({ consumer: 'indexer', eventId: event.id, reason: 'BLOB_MISSING', deliveries: 1 });
    expect((await listDeadLetters(store)).map((l) => [l.id, l.state])).toEqual([[letter!.id, 'open']]);

    healed = true;
    calls.length = 0;
    const replay = await requestReplay(store, letter!.id);
    await bus.whenIdle();

    expect(calls).toEqual([{ consumer: 'indexer', id: event.id, deliveryCount: 1 }]);
    expect(replay).toMatchObject({ type: DEAD_LETTER_REPLAYED, subject: event.subject, causationId: letter!.id, correlationId: event.correlationId });
    expect((await store.readStream('dlq-indexer')).map((s) => s.event.type)).toEqual([MESSAGE_DEAD_LETTERED, DEAD_LETTER_REPLAYED]);
    expect(await listDeadLetters(store)).toEqual([expect.objectContaining({ id: letter!.id, state: 'replayed', replays: [{ id: replay.id, time: replay.time }] })]);
    expect(bus.lag().map((l) => l.consumer).sort()).toEqual(['indexer', 'other']);
  });

  it('a replay that fails again leaves a new dead letter whose id derives from the replay', async () => {
    await start({ indexer: async () => Promise.reject(new Error('still broken')) });
    const event = ingestedEvent();
    await store.append(`instance-${event.subject}`, [event]);
    await bus.whenIdle();
    const [first] = letters();
    const replay = await requestReplay(store, first!.id);
    await bus.whenIdle();
    const all = letters();
    expect(all.map((l) => l.id)).toEqual([first!.id, redeadLetterId(replay)]);
    expect(all[1]?.data).toMatchObject({ eventId: event.id, reason: 'HANDLER_FAILED', deliveries: policy.maxDeliver });
    const listed = await listDeadLetters(store);
    expect(listed.map((l) => l.state)).toEqual(['replayed', 'open']);
  });

  it('refuses ids that are no dead letter, and letters whose original is not stored', async () => {
    await start({ indexer: async () => undefined });
    const event = ingestedEvent();
    await store.append(`instance-${event.subject}`, [event]);
    await expect(requestReplay(store, event.id)).rejects.toMatchObject({ code: 'NOT_A_DEAD_LETTER' });
    await expect(requestReplay(store, '00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(DeadLetterReplayError);
    // An invalid message is dead-lettered under a derived id that names no stored event.
    await bus.close();
    bus = new InProcessBus({ store, policy, logger: silent, pollMs: 50, retryMs: 10 });
    await bus.attach([testBinding('indexer', INSTANCE_INGESTED, async () => undefined)]);
    bus.redeliver('indexer', { id: 'not-an-id', type: 'garbage' } as unknown as GantryEvent, 'g1');
    await bus.whenIdle();
    const [invalid] = letters();
    expect(invalid?.data).toMatchObject({ reason: 'INVALID_EVENT' });
    await expect(requestReplay(store, invalid!.id)).rejects.toMatchObject({ code: 'REPLAY_ORIGINAL_MISSING' });
  });
});
