import { jetstream, jetstreamManager, JetStreamManager } from '@nats-io/jetstream';
import { Client } from 'pg';
import { GantryEvent } from '@gantry/domain';
import { PostgresEventStore } from '../../event-store';
import { BusStoreTarget, postgresBusTarget } from '../test-support/store-harness';
import { CE } from '../cloud-event-codec';
import { eventually } from '../test-support/eventually';
import { BusTestStream, testStream } from '../test-support/nats-harness';
import { ingestedEvent } from '../test-events.fake';
import { EventRelay } from './event-relay';
import { runRelay } from './run-relay';

// Real servers, shared with other suites running in parallel: allow for a loaded machine.
jest.setTimeout(30_000);

const silent = { log: () => undefined, error: () => undefined, warn: () => undefined, debug: () => undefined, verbose: () => undefined };

let target: BusStoreTarget;
let nats: BusTestStream;
let store: PostgresEventStore;
let jsm: JetStreamManager;

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
});
afterEach(async () => {
  await store.close();
  await nats.cleanup();
});

const appendIngested = async (n: number): Promise<GantryEvent[]> => {
  const events = Array.from({ length: n }, () => ingestedEvent());
  for (const e of events) await store.append(`instance-${e.subject}`, [e]);
  return events;
};

/** Every message's Nats-Msg-Id, by stream sequence. */
async function streamMessageIds(): Promise<string[]> {
  const { state } = await jsm.streams.info(nats.stream);
  const ids: string[] = [];
  for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(nats.stream, { seq });
    if (m) ids.push(m.header.get(CE.msgId));
  }
  return ids;
}

const relayOf = (batchSize = 7): EventRelay =>
  new EventRelay({ store, js: jetstream(nats.connection), prefix: nats.prefix, stream: nats.stream, batchSize, pollMs: 100, logger: silent });

describe('EventRelay', () => {
  it('publishes every stored event once, in store order, and checkpoints the end', async () => {
    const events = await appendIngested(30);
    const relay = relayOf();
    await relay.start();
    await relay.whenCaughtUp();
    const later = await appendIngested(5);
    await relay.whenCaughtUp();
    await relay.stop();
    expect(await streamMessageIds()).toEqual([...events, ...later].map((e) => e.id));
    expect(relay.stats).toEqual({ published: 35, duplicates: 0 });
    expect(relay.lag).toBe(0);
    const rest = await store.readAll({ after: await store.loadCheckpoint('relay') });
    expect(rest.events).toEqual([]);
  });

  it('lets JetStream drop a republished batch by Nats-Msg-Id (a crash before the checkpoint)', async () => {
    const events = await appendIngested(12);
    const first = relayOf();
    await first.start();
    await first.whenCaughtUp();
    await first.stop();
    await store.storeCheckpoint('relay', { transactionId: 0n, globalPosition: 0n });
    const second = relayOf(5);
    await second.start();
    await second.whenCaughtUp();
    await second.stop();
    expect(second.stats).toEqual({ published: 0, duplicates: 12 });
    expect(await streamMessageIds()).toEqual(events.map((e) => e.id));
  });

  it('publishes from one leader at a time, survives the leader session dying, and fails over on stop', async () => {
    const url = target.url!;
    const leader = { connection: url, name: `test:${nats.stream}`, retryMs: 50, heartbeatMs: 100, logger: silent };
    const common = { store, connection: nats.connection, stream: nats.stream, prefix: nats.prefix, ensureStream: false, tuning: { pollMs: 50 } };
    const a = await runRelay({ ...common, leader });
    const b = await runRelay({ ...common, leader });
    const leaders = () => [a, b].filter((r) => r.leading);
    try {
      await eventually('a leader', () => leaders().length === 1);
      const events = await appendIngested(5);
      await eventually('relayed by the leader', async () => (await streamMessageIds()).length === 5);

      // The leader's session dies: it must notice, and one relay (either) leads again.
      const killed = await terminateLockHolders(url);
      expect(killed).toHaveLength(1);
      await eventually('a new lock session', async () => {
        const holders = await lockHolders(url);
        return holders.length === 1 && holders[0] !== killed[0] && leaders().length === 1;
      });
      events.push(...(await appendIngested(5)));
      await eventually('relayed after the session died', async () => (await streamMessageIds()).length === 10);

      // The leader stops: the other one takes over.
      const [current] = leaders();
      await current!.stop();
      await eventually('failover to the other relay', () => leaders().length === 1 && leaders()[0] !== current);
      events.push(...(await appendIngested(5)));
      await eventually('relayed after failover', async () => (await streamMessageIds()).length === 15);
      expect(await streamMessageIds()).toEqual(events.map((e) => e.id));
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  }, 30_000);
});

const ADVISORY_HOLDERS = `SELECT l.pid FROM pg_locks l JOIN pg_database d ON d.oid = l.database
  WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database() AND l.pid <> pg_backend_pid()`;

async function withClient<T>(url: string, run: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

const lockHolders = (url: string): Promise<number[]> =>
  withClient(url, async (c) => (await c.query<{ pid: number }>(ADVISORY_HOLDERS)).rows.map((r) => r.pid));

/** Kills the sessions holding advisory locks in this database (a crashed leader, as Postgres sees it). */
const terminateLockHolders = (url: string): Promise<number[]> =>
  withClient(url, async (c) => (await c.query<{ pid: number }>(`SELECT pid, pg_terminate_backend(pid) FROM (${ADVISORY_HOLDERS}) h`)).rows.map((r) => r.pid));
