import { GantryEvent, INSTANCE_INDEXED, INSTANCE_INGESTED, MESSAGE_DEAD_LETTERED } from '@gantry/domain';
import { DeliveryPolicy } from '../delivery-policy';
import { PermanentError, RetryableError } from '../errors';
import { InMemoryEventStore } from '../in-memory-event-store.fake';
import { indexedEvent, ingestedEvent, TestHandler, testBinding } from '../test-events.fake';
import { InProcessBus } from './in-process-bus';

const policy: DeliveryPolicy = { ackWaitMs: 500, maxDeliver: 3, backoffMs: [5, 10], concurrency: 4 };
const silent = { log: jest.fn(), error: jest.fn(), warn: jest.fn(), debug: jest.fn() };

let store: InMemoryEventStore;
const buses: InProcessBus[] = [];

function bus(handlers: [string, string, TestHandler][], over: Partial<ConstructorParameters<typeof InProcessBus>[0]> = {}) {
  const b = new InProcessBus({ store, policy, logger: silent, pollMs: 50, retryMs: 10, batchSize: 7, ...over });
  buses.push(b);
  const bindings = handlers.map(([consumer, type, h]) => testBinding(consumer, type as typeof INSTANCE_INGESTED, h));
  return { bus: b, attached: b.attach(bindings) };
}

const appendIngested = async (n: number): Promise<GantryEvent<typeof INSTANCE_INGESTED>[]> => {
  const events = Array.from({ length: n }, () => ingestedEvent());
  for (const e of events) await store.append(`instance-${e.subject}`, [e]);
  return events;
};

const deadLetters = () => store.events.filter((e) => e.event.type === MESSAGE_DEAD_LETTERED).map((e) => e.event);

beforeEach(() => {
  store = new InMemoryEventStore();
});
afterEach(async () => {
  await Promise.all(buses.splice(0).map((b) => b.close()));
});

describe('InProcessBus', () => {
  it('delivers every event, becomes idle, and persists the checkpoint to the end', async () => {
    const events = await appendIngested(20);
    const seen: string[] = [];
    const { bus: b, attached } = bus([['indexer', INSTANCE_INGESTED, async (e) => void seen.push(e.id)]]);
    await attached;
    await b.whenIdle();
    expect(seen.sort()).toEqual(events.map((e) => e.id).sort());
    expect(b.lag()).toEqual([{ consumer: 'indexer', pending: 0, inFlight: 0, scheduled: 0, caughtUp: true }]);
    await b.close();
    expect(store.checkpoints.get('consumer:indexer')?.globalPosition).toBe(20n);
  });

  it('follows a chain across consumers before reporting idle', async () => {
    const indexed: string[] = [];
    const { bus: b, attached } = bus([
      ['indexer', INSTANCE_INGESTED, async (e) => void (await store.append(`instance-${e.subject}`, [indexedEvent(e as GantryEvent<typeof INSTANCE_INGESTED>)]))],
      ['exporter', INSTANCE_INDEXED, async (e) => void indexed.push(e.causationId ?? '')],
    ]);
    await attached;
    const events = await appendIngested(10);
    await b.whenIdle();
    expect(indexed.sort()).toEqual(events.map((e) => e.id).sort());
  });

  it('redelivers a RetryableError and acks the second delivery', async () => {
    await appendIngested(1);
    const deliveries: number[] = [];
    const { bus: b, attached } = bus([
      ['indexer', INSTANCE_INGESTED, async (_e, ctx) => {
        deliveries.push(ctx.deliveryCount);
        if (ctx.deliveryCount === 1) throw new RetryableError('BUSY', 'busy', 1);
      }],
    ]);
    await attached;
    await b.whenIdle();
    expect(deliveries).toEqual([1, 2]);
    expect(deadLetters()).toHaveLength(0);
  });

  it('delivers a failing event max_deliver times, then dead-letters it', async () => {
    const [event] = await appendIngested(1);
    let calls = 0;
    const { bus: b, attached } = bus([['indexer', INSTANCE_INGESTED, async () => Promise.reject(new Error(`boom ${++calls}`))]]);
    await attached;
    await b.whenIdle();
    expect(calls).toBe(3);
    expect(deadLetters().map((e) => e.data)).toEqual([
      { consumer: 'indexer', eventId: event!.id, eventType: INSTANCE_INGESTED, reason: 'HANDLER_FAILED', deliveries: 3 },
    ]);
  });

  it('dead-letters a PermanentError on its first delivery', async () => {
    await appendIngested(1);
    let calls = 0;
    const { bus: b, attached } = bus([['indexer', INSTANCE_INGESTED, async () => Promise.reject(new PermanentError('POISON', `n ${++calls}`))]]);
    await attached;
    await b.whenIdle();
    expect(calls).toBe(1);
    expect(deadLetters()[0]?.data).toMatchObject({ reason: 'POISON', deliveries: 1 });
  });

  it('counts an ack-wait timeout as a failed delivery', async () => {
    await appendIngested(1);
    let calls = 0;
    const hang: TestHandler = () => (++calls < 3 ? new Promise(() => undefined) : Promise.resolve());
    const { bus: b, attached } = bus([['indexer', INSTANCE_INGESTED, hang]], { policy: { ...policy, ackWaitMs: 20 } });
    await attached;
    await b.whenIdle();
    expect(calls).toBe(3);
    expect(deadLetters()).toHaveLength(0);
  });

  it('never runs more handlers at once than the policy allows', async () => {
    await appendIngested(30);
    let running = 0;
    let peak = 0;
    const { bus: b, attached } = bus([['indexer', INSTANCE_INGESTED, async () => {
      peak = Math.max(peak, ++running);
      await new Promise((r) => setTimeout(r, 2));
      running--;
    }]]);
    await attached;
    await b.whenIdle();
    expect(peak).toBe(policy.concurrency);
  });

  it('keeps the checkpoint before an event still being retried, so a restart redelivers it', async () => {
    const events = await appendIngested(5);
    const stuck = events[1]!.id;
    const slow: InProcessBusOptionsPolicy = { ...policy, backoffMs: [60_000] };
    const first = bus([['indexer', INSTANCE_INGESTED, async (e) => {
      if (e.id === stuck) throw new RetryableError('LATER', 'later');
    }]], { policy: slow });
    await first.attached;
    await waitFor(() => first.bus.lag()[0]?.scheduled === 1 && first.bus.lag()[0]?.pending === 1);
    await first.bus.close();
    expect(store.checkpoints.get('consumer:indexer')?.globalPosition).toBe(1n);

    const seen: string[] = [];
    const second = bus([['indexer', INSTANCE_INGESTED, async (e) => void seen.push(e.id)]]);
    await second.attached;
    await second.bus.whenIdle();
    expect(seen).toEqual(events.slice(1).map((e) => e.id));
  });

  it('resumes from the checkpoint after a restart with no loss', async () => {
    const events = await appendIngested(40);
    const seen = new Set<string>();
    const slowly: TestHandler = async (e) => {
      await new Promise((r) => setTimeout(r, 2));
      seen.add(e.id);
    };
    const first = bus([['indexer', INSTANCE_INGESTED, slowly]], { batchSize: 5 });
    await first.attached;
    await waitFor(() => seen.size >= 10);
    await first.bus.close();
    const before = seen.size;
    expect(store.checkpoints.get('consumer:indexer')?.globalPosition).toBeLessThan(40n);
    const second = bus([['indexer', INSTANCE_INGESTED, async (e) => void seen.add(e.id)]]);
    await second.attached;
    await second.bus.whenIdle();
    expect(before).toBeLessThan(40);
    expect([...seen].sort()).toEqual(events.map((e) => e.id).sort());
  });

  it('redelivers a dead-lettered event on replay, with a new dead letter if it fails again', async () => {
    const [event] = await appendIngested(1);
    let fail = true;
    const calls: number[] = [];
    const { bus: b, attached } = bus([['indexer', INSTANCE_INGESTED, async (_e, ctx) => {
      calls.push(ctx.deliveryCount);
      if (fail) throw new PermanentError('POISON', 'p');
    }]]);
    await attached;
    await b.whenIdle();
    b.redeliver('indexer', event!, 'replay-1');
    await b.whenIdle();
    expect(deadLetters()).toHaveLength(2);
    fail = false;
    b.redeliver('indexer', event!, 'replay-2');
    await b.whenIdle();
    expect(calls).toEqual([1, 1, 1]);
    expect(deadLetters()).toHaveLength(2);
    expect(() => b.redeliver('nobody', event!)).toThrow(/no consumer nobody/);
  });

  it('retries a failing store read and only then becomes idle', async () => {
    await appendIngested(3);
    store.failReads = true;
    const seen: string[] = [];
    const { bus: b, attached } = bus([['indexer', INSTANCE_INGESTED, async (e) => void seen.push(e.id)]]);
    await attached;
    let idle = false;
    const done = b.whenIdle().then(() => (idle = true));
    await new Promise((r) => setTimeout(r, 40));
    expect(idle).toBe(false);
    store.failReads = false;
    await done;
    expect(seen).toHaveLength(3);
  });

  it('refuses a consumer attached twice and rejects waiters once closed', async () => {
    const { bus: b, attached } = bus([['indexer', INSTANCE_INGESTED, async () => undefined]]);
    await attached;
    await expect(b.attach([testBinding('indexer', INSTANCE_INGESTED, async () => undefined)])).rejects.toThrow(/already attached/);
    await b.close();
    await expect(b.whenIdle()).rejects.toThrow(/closed/);
  });
});

type InProcessBusOptionsPolicy = DeliveryPolicy;

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 2));
  }
}
