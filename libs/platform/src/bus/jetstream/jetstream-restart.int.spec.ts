import { jetstream } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/transport-node';
import { GantryEvent, INSTANCE_INGESTED } from '@gantry/domain';
import { EventStore } from '../../event-store';
import { BusStoreTarget, postgresBusTarget } from '../test-support/store-harness';
import { EventRelay } from '../relay/event-relay';
import { eventually } from '../test-support/eventually';
import { ownNatsServer, OwnNatsServer } from '../test-support/nats-harness';
import { ingestedEvent } from '../test-events.fake';
import { JetStreamTransport } from './jetstream-transport';
import { connectNats } from './nats-connection';

// Real servers, shared with other suites running in parallel: allow for a loaded machine.
jest.setTimeout(30_000);

const silent = { log: () => undefined, error: () => undefined, warn: () => undefined, debug: () => undefined, verbose: () => undefined };

let target: BusStoreTarget;
let server: OwnNatsServer;
let store: EventStore;
let nc: NatsConnection;
let relay: EventRelay;
let transport: JetStreamTransport;

beforeAll(async () => {
  target = await postgresBusTarget();
});
afterAll(async () => {
  await target.close();
});
beforeEach(async () => {
  server = await ownNatsServer();
  store = await target.open();
});
afterEach(async () => {
  await transport.close();
  await relay.stop();
  await nc.drain();
  await store.close();
  await server.stop();
});

async function appendIngested(n: number): Promise<GantryEvent[]> {
  const events = Array.from({ length: n }, () => ingestedEvent());
  for (const e of events) await store.append(`instance-${e.subject}`, [e]);
  return events;
}

describe('JetStream across a nats-server restart', () => {
  it('keeps relaying and consuming once the server is back, losing nothing', async () => {
    const seen = new Set<string>();
    const policy = { ackWaitMs: 5_000, maxDeliver: 5, backoffMs: [50], concurrency: 4 };
    transport = new JetStreamTransport({ servers: server.servers, store, stream: 'RESTART', prefix: 'rs', policy, lagIntervalMs: 0, logger: silent });
    transport.addHandler(INSTANCE_INGESTED, (async (e: GantryEvent) => void seen.add(e.id)) as never, true, { consumer: 'indexer' });
    await new Promise<void>((resolve, reject) => transport.listen((e?: unknown) => (e ? reject(e as Error) : resolve())));
    nc = await connectNats({ servers: server.servers, name: 'restart-relay' });
    relay = new EventRelay({ store, js: jetstream(nc), prefix: 'rs', stream: 'RESTART', pollMs: 100, retryMs: 100, publishTimeoutMs: 1_000, logger: silent });
    await relay.start();

    const before = await appendIngested(10);
    await eventually('deliveries before the restart', () => before.every((e) => seen.has(e.id)));

    await server.restart();
    const after = await appendIngested(10);
    await eventually('deliveries after the restart', () => after.every((e) => seen.has(e.id)), 45_000);

    // A longer outage with appends while the server is down: the relay retries from its checkpoint.
    await server.halt();
    const during = await appendIngested(10);
    await new Promise((r) => setTimeout(r, 1_500));
    await server.start();
    await eventually('deliveries after the outage', () => during.every((e) => seen.has(e.id)), 45_000);
    expect(seen.size).toBe(30);
  }, 90_000);
});
