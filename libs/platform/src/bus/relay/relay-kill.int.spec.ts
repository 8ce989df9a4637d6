import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { jetstreamManager, JetStreamManager } from '@nats-io/jetstream';
import { GantryEvent } from '@gantry/domain';
import { PostgresEventStore } from '../../event-store';
import { BusStoreTarget, postgresBusTarget } from '../test-support/store-harness';
import { CE } from '../cloud-event-codec';
import { eventually } from '../test-support/eventually';
import { BusTestStream, testStream } from '../test-support/nats-harness';
import { ingestedEvent } from '../test-events.fake';

// Real servers, shared with other suites running in parallel: allow for a loaded machine.
jest.setTimeout(30_000);

/*
 * The relay runs as a real process (the compiled entry point, as `npm test` builds before
 * jest) so it can be killed with SIGKILL mid-batch: between PubAcks and its checkpoint.
 */
const LIB = resolve(__dirname, '../../..');
const ENTRY = join(LIB, 'dist/bus/relay/relay.main.js');
const TOTAL = 3_000;

let target: BusStoreTarget | undefined;
let nats: BusTestStream;
let store: PostgresEventStore;
let jsm: JetStreamManager;
let dataDir: string | undefined;
const children: ChildProcess[] = [];

beforeAll(async () => {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run npx tsc -b tsconfig.build.json (npm test does) first`);
  target = await postgresBusTarget();
  nats = await testStream();
  jsm = await jetstreamManager(nats.connection);
  store = await target.open();
  dataDir = mkdtempSync(join(tmpdir(), 'gantry-relay-kill-'));
}, 60_000);

afterAll(async () => {
  await Promise.all(children.map((c) => stop(c, 'SIGTERM')));
  await store?.close();
  await nats?.cleanup();
  await target?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function startRelay(): ChildProcess {
  const env = {
    ...process.env,
    GANTRY_DATA_DIR: dataDir!,
    GANTRY_DATABASE_URL: target!.url!,
    GANTRY_DATABASE_SCHEMA: store.schema,
    GANTRY_NATS_URL: nats.servers,
    GANTRY_NATS_STREAM: nats.stream,
    GANTRY_SUBJECT_PREFIX: nats.prefix,
    GANTRY_RELAY_BATCH_SIZE: '25',
  };
  const child = spawn(process.execPath, [ENTRY], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  return child;
}

function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill(signal);
  return exited;
}

const streamCount = async (): Promise<number> => (await jsm.streams.info(nats.stream)).state.messages;

async function appendAll(): Promise<GantryEvent[]> {
  const events = Array.from({ length: TOTAL }, () => ingestedEvent());
  for (let i = 0; i < TOTAL; i += 10) {
    const chunk = events.slice(i, i + 10);
    await store.append(`instance-${chunk[0]!.subject}`, chunk);
  }
  return events;
}

async function countAfter(): Promise<number> {
  let after = await store.loadCheckpoint('relay');
  let n = 0;
  for (;;) {
    const batch = await store.readAll({ after, limit: 1_000 });
    if (batch.events.length === 0) return n;
    n += batch.events.length;
    after = batch.checkpoint;
  }
}

async function messageIds(): Promise<string[]> {
  const { state } = await jsm.streams.info(nats.stream);
  const ids: string[] = [];
  for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
    const m = await jsm.streams.getMessage(nats.stream, { seq });
    if (m) ids.push(m.header.get(CE.msgId));
  }
  return ids;
}

describe('relay process killed mid-way', () => {
  it('loses nothing and publishes each event exactly once after a restart', async () => {
    const events = await appendAll();
    const first = startRelay();
    await eventually('a partial relay', async () => (await streamCount()) >= TOTAL / 5, 30_000);
    await stop(first, 'SIGKILL');
    const atKill = await streamCount();
    const checkpointed = TOTAL - (await countAfter());
    expect(atKill).toBeLessThan(TOTAL);
    // The checkpoint never runs ahead of the PubAcks; what lies between is republished and deduped.
    expect(checkpointed).toBeLessThanOrEqual(atKill);

    startRelay();
    await eventually('the relay checkpoint at the end', async () => (await countAfter()) === 0, 60_000);
    const ids = await messageIds();
    expect(ids).toHaveLength(TOTAL);
    expect(new Set(ids).size).toBe(TOTAL);
    expect([...ids].sort()).toEqual(events.map((e) => e.id).sort());
  }, 120_000);
});
