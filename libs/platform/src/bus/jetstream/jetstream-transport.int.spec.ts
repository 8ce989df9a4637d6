import { jetstream, jetstreamManager, JetStreamManager } from '@nats-io/jetstream';
import { GantryEvent, INSTANCE_INGESTED, MESSAGE_DEAD_LETTERED } from '@gantry/domain';
import { EventStore } from '../../event-store';
import { BusStoreTarget, postgresBusTarget } from '../test-support/store-harness';
import { decodeCloudEvent } from '../cloud-event-codec';
import { DeliveryPolicy } from '../delivery-policy';
import { PermanentError, RetryableError } from '../errors';
import { GantryContext } from '../gantry-context';
import { EventRelay } from '../relay/event-relay';
import { eventually, sleep } from '../test-support/eventually';
import { BusTestStream, testStream } from '../test-support/nats-harness';
import { ingestedEvent } from '../test-events.fake';
import { JetStreamTransport } from './jetstream-transport';

// Real servers, shared with other suites running in parallel: allow for a loaded machine.
jest.setTimeout(30_000);

const policy: DeliveryPolicy = { ackWaitMs: 5_000, maxDeliver: 3, backoffMs: [50, 100], concurrency: 4 };
const silent = { log: () => undefined, error: () => undefined, warn: () => undefined, debug: () => undefined, verbose: () => undefined };

let target: BusStoreTarget;
let nats: BusTestStream;
let store: EventStore;
let relay: EventRelay;
let jsm: JetStreamManager;
const transports: JetStreamTransport[] = [];

type Handler = (event: GantryEvent, ctx: GantryContext) => Promise<void>;

async function startTransport(handler: Handler, consumer = 'indexer'): Promise<JetStreamTransport> {
  const transport = new JetStreamTransport({ servers: nats.servers, store, stream: nats.stream, prefix: nats.prefix, policy, lagIntervalMs: 0, logger: silent });
  transport.addHandler(INSTANCE_INGESTED, handler as never, true, { consumer });
  transports.push(transport);
  await new Promise<void>((resolve, reject) => transport.listen((e?: unknown) => (e ? reject(e as Error) : resolve())));
  return transport;
}

async function appendIngested(n: number): Promise<GantryEvent[]> {
  const events = Array.from({ length: n }, () => ingestedEvent());
  for (const e of events) await store.append(`instance-${e.subject}`, [e]);
  return events;
}

const deadLetters = async (consumer = 'indexer') => (await store.readStream(`dlq-${consumer}`)).map((s) => s.event);

beforeAll(async () => {
  target = await postgresBusTarget();
});
afterAll(async () => {
  await target.close();
});
beforeEach(async () => {
  nats = await testStream();
  jsm = await jetstreamManager(nats.connection);
  store = await target.open();
  relay = new EventRelay({ store, js: jetstream(nats.connection), prefix: nats.prefix, stream: nats.stream, pollMs: 100, logger: silent });
  await relay.start();
});
afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  await relay.stop();
  await store.close();
  await nats.cleanup();
});

describe('JetStreamTransport', () => {
  it('delivers relayed events to the handler with the event and its context, and acks them', async () => {
    const seen = new Map<string, GantryContext>();
    const transport = await startTransport(async (event, ctx) => void seen.set(event.id, ctx));
    const events = await appendIngested(25);
    await eventually('all deliveries', () => seen.size === 25);
    expect([...seen.keys()].sort()).toEqual(events.map((e) => e.id).sort());
    const ctx = seen.get(events[0]!.id)!;
    expect([ctx.consumer, ctx.deliveryCount, ctx.event]).toEqual(['indexer', 1, events[0]]);
    await eventually('acks', async () => (await transport.lag())['indexer'] === 0);
  });

  it('delivers a failing message exactly max_deliver times, then dead-letters it to the store and the dlq subject', async () => {
    const calls = new Map<string, number[]>();
    await startTransport(async (event, ctx) => {
      calls.set(event.id, [...(calls.get(event.id) ?? []), ctx.deliveryCount]);
      throw new Error('handler failure with a message that must not travel');
    });
    const [event] = await appendIngested(1);
    const [letter] = await eventually('a dead letter', async () => {
      const letters = await deadLetters();
      return letters.length > 0 && letters;
    });
    expect(letter?.type).toBe(MESSAGE_DEAD_LETTERED);
    expect(letter?.data).toEqual({ consumer: 'indexer', eventId: event!.id, eventType: INSTANCE_INGESTED, reason: 'HANDLER_FAILED', deliveries: 3 });
    const dlq = await eventually('the dlq message', () =>
      jsm.streams.getMessage(nats.stream, { last_by_subj: `${nats.prefix}.dlq.indexer` }).then((m) => m ?? undefined, () => undefined),
    );
    const relayed = decodeCloudEvent(dlq.header, dlq.data);
    expect(relayed.id).toBe(letter!.id);
    expect(JSON.stringify(relayed)).not.toContain('must not travel');
    await sleep(500);
    expect(calls.get(event!.id)).toEqual([1, 2, 3]);
  });

  it('acks a RetryableError that succeeds on the second delivery', async () => {
    const deliveries: number[] = [];
    const transport = await startTransport(async (_e, ctx) => {
      deliveries.push(ctx.deliveryCount);
      if (ctx.deliveryCount === 1) throw new RetryableError('DEPENDENCY_DOWN', 'down', 20);
    });
    await appendIngested(1);
    await eventually('the second delivery', () => deliveries.length === 2);
    await eventually('the ack', async () => (await transport.lag())['indexer'] === 0);
    await sleep(300);
    expect(deliveries).toEqual([1, 2]);
    expect(await deadLetters()).toEqual([]);
  });

  it('dead-letters a PermanentError on the first delivery with its code', async () => {
    let calls = 0;
    await startTransport(async () => {
      calls++;
      throw new PermanentError('UNSUPPORTED_SOP_CLASS', 'cannot handle this class');
    });
    const [event] = await appendIngested(1);
    const [letter] = await eventually('a dead letter', async () => {
      const letters = await deadLetters();
      return letters.length > 0 && letters;
    });
    expect(letter?.data).toMatchObject({ eventId: event!.id, reason: 'UNSUPPORTED_SOP_CLASS', deliveries: 1 });
    await sleep(300);
    expect(calls).toBe(1);
  });

  it('terms a message that is not a valid event and dead-letters it as INVALID_EVENT', async () => {
    let calls = 0;
    const transport = await startTransport(async () => void calls++);
    await jetstream(nats.connection).publish(`${nats.prefix}.instance.ingested.v1`, 'not a cloud event');
    const [letter] = await eventually('a dead letter', async () => {
      const letters = await deadLetters();
      return letters.length > 0 && letters;
    });
    expect(letter?.data).toMatchObject({ reason: 'INVALID_EVENT', eventType: 'gantry.message.unidentified.v0', deliveries: 1 });
    await eventually('the term', async () => (await transport.lag())['indexer'] === 0);
    expect(calls).toBe(0);
  });

  it('refuses at boot a consumer with two event types', async () => {
    const transport = new JetStreamTransport({ servers: nats.servers, store, stream: nats.stream, prefix: nats.prefix, lagIntervalMs: 0 });
    transport.addHandler(INSTANCE_INGESTED, (async () => undefined) as never, true, { consumer: 'indexer' });
    transport.addHandler(MESSAGE_DEAD_LETTERED, (async () => undefined) as never, true, { consumer: 'indexer' });
    const error = await new Promise<unknown>((resolve) => transport.listen(resolve));
    expect(String(error)).toMatch(/consumer indexer has two event types/);
  });
});
