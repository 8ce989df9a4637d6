import { existsSync } from 'node:fs';
import { INSTANCE_EXPORTED } from '@gantry/domain';
import { startNatsServer, TestNatsServer } from '@gantry/testing';
import { cleanReport, exactlyOnceReport, waitAllExported, waitManifest } from './support/exactly-once';
import { ctCorpus, instanceKeys } from './support/fault-corpus';
import { FaultStack, waitFor } from './support/fault-stack';
import { msgId, streamMessages } from './support/nats-messages';

const COUNT = 200;

/**
 * Fault tolerance (issue 6): the nats-server under the pipeline goes down mid-run and comes
 * back on the same port and JetStream store. Every service keeps running: the relays and
 * the stage consumers reconnect by themselves, and the run completes exactly once.
 */
describe('faults: nats-server restarted mid-run under the real services (test-owned nats-server, Postgres, S3)', () => {
  let nats: TestNatsServer;
  let stack: FaultStack;
  const corpus = ctCorpus('nats-restart', COUNT);
  let keys: string[];

  beforeAll(async () => {
    nats = await startNatsServer();
    stack = await FaultStack.start({ name: 'nats', natsUrl: nats.servers, serviceEnv: { GANTRY_ACK_WAIT_MS: '15000' } });
    keys = instanceKeys(stack.ring, corpus);
  }, 180_000);

  afterAll(async () => {
    await stack?.cleanup();
    await nats?.stop();
  }, 120_000);

  it(`completes a run of ${COUNT} instances exactly once across a nats-server restart, every service reconnecting without a restart of its own`, async () => {
    const exported = async (): Promise<number> => stack.keysWith(INSTANCE_EXPORTED);
    const upload = stack.stow(corpus.parts, { batch: 10 });
    const atHalt = await waitFor('a run under way', async () => {
      const n = await exported();
      return n >= COUNT / 10 ? n : undefined;
    }, 120_000, 100);
    const haltedAt = Date.now();
    await nats.halt();
    // The services notice: readiness includes NATS.
    const noticed = await waitFor('a service reporting NATS down', async () => {
      const down = await stack.notReady();
      return down.length > 0 ? down : undefined;
    }, 60_000, 200);
    await nats.start();
    const restartedAt = Date.now();
    await upload;
    await waitAllExported(stack, keys, 240_000);
    process.stdout.write(
      `faults-nats-restart: nats-server down ${restartedAt - haltedAt} ms at ${atHalt}/${COUNT} exported, noticed by ${noticed.length} replicas; run complete ${Date.now() - restartedAt} ms after the restart\n`,
    );

    expect(atHalt).toBeLessThan(COUNT);
    expect(noticed.length).toBeGreaterThan(0);
    expect(existsSync(nats.storeDir)).toBe(true);
    expect(stack.exits).toEqual([]);
    expect(await stack.waitAllReady()).toEqual([]);
    expect(await exactlyOnceReport(stack, keys, corpus.instanceUids)).toEqual(cleanReport(COUNT));
    expect(await waitManifest(stack, COUNT)).toHaveLength(COUNT);
  }, 420_000);

  it('has published every stored event to the stream exactly once (Nats-Msg-Id = event id), across the restart', async () => {
    // The relay checkpoints after the PubAck: once it has caught up, the stream holds the store.
    const stored = await waitFor('the relay caught up', async () => {
      const ids = (await stack.db.query<{ id: string }>('select event_id::text as id from events')).rows.map((r) => r.id);
      const inStream = (await streamMessages(nats.servers, stack.stream)).length;
      return inStream >= ids.length ? ids : undefined;
    }, 60_000, 1_000);
    const ids = (await streamMessages(nats.servers, stack.stream)).map(msgId);
    expect(ids).toHaveLength(stored.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...stored].sort());
  }, 120_000);

  it('stops every replica gracefully on SIGTERM (exit 0) and leaves no process behind', async () => {
    expect(await stack.stop()).toEqual(stack.replicas.map(() => 0));
    expect(stack.orphans()).toEqual([]);
  }, 60_000);
});
