import { jetstream, jetstreamManager, JetStreamManager } from '@nats-io/jetstream';
import { DEAD_LETTER_REPLAYED, GantryEvent, INSTANCE_INGESTED, MESSAGE_DEAD_LETTERED } from '@gantry/domain';
import { EventStore } from '../../event-store';
import { BusStoreTarget, postgresBusTarget } from '../test-support/store-harness';
import { DeliveryPolicy } from '../delivery-policy';
import { PermanentError } from '../errors';
import { GantryContext } from '../gantry-context';
import { EventRelay } from '../relay/event-relay';
import { redeadLetterId, requestReplay } from '../replay/request-replay';
import { eventually, sleep } from '../test-support/eventually';
import { BusTestStream, testStream } from '../test-support/nats-harness';
import { ingestedEvent } from '../test-events.fake';
import { JetStreamTransport } from './jetstream-transport';

// Real Postgres and NATS, shared with other suites running in parallel.
jest.setTimeout(45_000);

const policy: DeliveryPolicy = { ackWaitMs: 5_000, maxDeliver: 2, backoffMs: [50], concurrency: 2 };
const silent = { log: () => undefined, error: () => undefined, warn: () => undefined, debug: () => undefined, verbose: () => undefined };

let target: BusStoreTarget;
let nats: BusTestStream;
let store: EventStore;
let relay: EventRelay;
let jsm: JetStreamManager;
const transports: JetStreamTransport[] = [];

type Handler = (event: GantryEvent, ctx: GantryContext) => Promise<void>;

async function startTransport(consumer: string, handler: Handler): Promise<JetStreamTransport> {
  const transport = new JetStreamTransport({ servers: nats.servers, store, stream: nats.stream, prefix: nats.prefix, policy, lagIntervalMs: 0, logger: silent });
  transport.addHandler(INSTANCE_INGESTED, handler as never, true, { consumer });
  transports.push(transport);
  await new Promise<void>((resolve, reject) => transport.listen((e?: unknown) => (e ? reject(e as Error) : resolve())));
  return transport;
}

const deadLetters = async (consumer: string): Promise<GantryEvent[]> =>
  (await store.readStream(`dlq-${consumer}`)).map((s) => s.event).filter((e) => e.type === MESSAGE_DEAD_LETTERED);

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

describe('DLQ replay over JetStream', () => {
  it('creates a <consumer>-replay durable on the replay subject next to each stage durable', async () => {
    await startTransport('indexer', async () => undefined);
    const info = await jsm.consumers.info(nats.stream, 'indexer-replay');
    expect(info.config.filter_subject).toBe(`${nats.prefix}.message.dead-letter-replayed.v1`);
    expect(info.config.durable_name).toBe('indexer-replay');
  });

  it('redelivers a dead-lettered event to its consumer only, with fresh delivery counting, and acks it', async () => {
    let healed = false;
    const calls: { consumer: string; id: string; deliveryCount: number }[] = [];
    const handler = (consumer: string): Handler => async (event, ctx) => {
      calls.push({ consumer, id: event.id, deliveryCount: ctx.deliveryCount });
      if (consumer === 'indexer' && !healed) throw new PermanentError('BLOB_MISSING', 'raw blob missing');
    };
    const indexer = await startTransport('indexer', handler('indexer'));
    await startTransport('probe', handler('probe'));
    const event = ingestedEvent();
    await store.append(`instance-${event.subject}`, [event]);
    const [letter] = await eventually('the dead letter', async () => {
      const found = await deadLetters('indexer');
      return found.length > 0 && found;
    });
    await eventually('the probe delivery', () => calls.some((c) => c.consumer === 'probe'));
    healed = true;
    calls.length = 0;

    const replay = await requestReplay(store, letter!.id);
    await eventually('the replayed delivery', () => calls.length > 0);
    await eventually('the replay durable acked it', async () => {
      const info = await jsm.consumers.info(nats.stream, 'indexer-replay');
      return info.num_pending + info.num_ack_pending === 0 && info.delivered.stream_seq > 0;
    });
    await eventually('the other replay durable acked it', async () => {
      const info = await jsm.consumers.info(nats.stream, 'probe-replay');
      return info.num_pending + info.num_ack_pending === 0 && info.delivered.stream_seq > 0;
    });
    await sleep(300);
    expect(calls).toEqual([{ consumer: 'indexer', id: event.id, deliveryCount: 1 }]);
    expect(await deadLetters('indexer')).toHaveLength(1);
    expect(await store.findEvent(redeadLetterId(replay))).toBeNull();
    expect((await indexer.lag())['indexer']).toBe(0);
    expect(Object.keys(await indexer.lag())).toEqual(['indexer']);
  });

  it('a replay that fails again is retried and dead-lettered anew under the stage consumer', async () => {
    const deliveries: number[] = [];
    await startTransport('indexer', async (_e, ctx) => {
      deliveries.push(ctx.deliveryCount);
      throw new Error('still broken');
    });
    const event = ingestedEvent();
    await store.append(`instance-${event.subject}`, [event]);
    const [first] = await eventually('the first dead letter', async () => {
      const found = await deadLetters('indexer');
      return found.length > 0 && found;
    });
    deliveries.length = 0;
    const replay = await requestReplay(store, first!.id);
    const again = await eventually('the second dead letter', () => store.findEvent(redeadLetterId(replay)).then((s) => s ?? undefined));
    expect(again.event.data).toMatchObject({ consumer: 'indexer', eventId: event.id, reason: 'HANDLER_FAILED', deliveries: policy.maxDeliver });
    expect(deliveries).toEqual([1, 2]);
    const types = (await store.readStream('dlq-indexer')).map((s) => s.event.type);
    expect(types).toEqual([MESSAGE_DEAD_LETTERED, DEAD_LETTER_REPLAYED, MESSAGE_DEAD_LETTERED]);
  });
});
