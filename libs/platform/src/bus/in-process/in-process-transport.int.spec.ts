import { Controller, Inject, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, MicroserviceOptions, Payload } from '@nestjs/microservices';
import { INSTANCE_INDEXED, INSTANCE_INGESTED, MESSAGE_DEAD_LETTERED } from '@gantry/domain';
import type { GantryEvent } from '@gantry/domain';
import { EventStore, PostgresEventStore } from '../../event-store';
import { BUS_STORE_TARGETS, BusStoreTarget } from '../test-support/store-harness';
import { DeliveryPolicy } from '../delivery-policy';
import { PermanentError, RetryableError } from '../errors';
import { GantryContext } from '../gantry-context';
import { StageEvent } from '../stage-event.decorator';
import { indexedEvent, ingestedEvent, TestHandler, testBinding } from '../test-events.fake';
import { eventually } from '../test-support/eventually';
import { InProcessBus } from './in-process-bus';
import { InProcessTransport } from './in-process-transport';

// Real servers, shared with other suites running in parallel: allow for a loaded machine.
jest.setTimeout(30_000);

const silent = { log: () => undefined, error: () => undefined, warn: () => undefined, debug: () => undefined, verbose: () => undefined };
const policy: DeliveryPolicy = { ackWaitMs: 5_000, maxDeliver: 3, backoffMs: [10, 20], concurrency: 4 };
const exported: string[] = [];

@Controller()
class IndexerProbe {
  constructor(@Inject(EventStore) private readonly store: EventStore) {}

  @StageEvent(INSTANCE_INGESTED, 'indexer')
  async onIngested(@Payload() event: GantryEvent): Promise<void> {
    if (event.type !== INSTANCE_INGESTED) return;
    await this.store.append(`instance-${event.subject}`, [indexedEvent(event)]);
  }
}

@Controller()
class ExporterProbe {
  @StageEvent(INSTANCE_INDEXED, 'exporter')
  async onIndexed(@Payload() event: GantryEvent, @Ctx() ctx: GantryContext): Promise<void> {
    if (ctx.consumer === 'exporter') exported.push(event.causationId ?? '');
  }
}

describe.each(BUS_STORE_TARGETS)('InProcessTransport on %s', (_name, makeTarget) => {
  let target: BusStoreTarget;
  let store: PostgresEventStore;
  const buses: InProcessBus[] = [];

  beforeAll(async () => {
    target = await makeTarget();
  }, 60_000);
  afterAll(async () => {
    await target.close();
  });
  beforeEach(async () => {
    store = await target.open();
  });
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((b) => b.close()));
    await store.close();
  });

  const appendIngested = async (n: number): Promise<GantryEvent[]> => {
    const events = Array.from({ length: n }, () => ingestedEvent());
    for (const e of events) await store.append(`instance-${e.subject}`, [e]);
    return events;
  };

  const bus = async (consumer: string, handler: TestHandler, batchSize = 50): Promise<InProcessBus> => {
    const b = new InProcessBus({ store, policy, logger: silent, pollMs: 200, retryMs: 50, batchSize });
    buses.push(b);
    await b.attach([testBinding(consumer, INSTANCE_INGESTED, handler)]);
    return b;
  };

  it('runs a Nest microservice of @StageEvent handlers through a chain until idle', async () => {
    exported.length = 0;
    @Module({ controllers: [IndexerProbe, ExporterProbe], providers: [{ provide: EventStore, useValue: store }] })
    class EmbeddedModule {}
    const strategy = new InProcessTransport({ store, policy, logger: silent });
    const app = await NestFactory.createMicroservice<MicroserviceOptions>(EmbeddedModule, { strategy, logger: false });
    await app.listen();
    const events = await appendIngested(15);
    await strategy.whenIdle();
    expect(exported.sort()).toEqual(events.map((e) => e.id).sort());
    expect(strategy.lag().every((l) => l.pending === 0 && l.caughtUp)).toBe(true);
    await app.close();
    // Nest's shutdown closed the store (a provider): read the persisted checkpoints anew.
    const reopened = await target.open(store.schema);
    const unread = await Promise.all(
      (
        [
          ['indexer', INSTANCE_INGESTED],
          ['exporter', INSTANCE_INDEXED],
        ] as const
      ).map(async ([consumer, type]) => {
        const after = await reopened.loadCheckpoint(`consumer:${consumer}`);
        return after ? (await reopened.readAll({ after, types: [type] })).events.length : -1;
      }),
    );
    await reopened.close();
    expect(unread).toEqual([0, 0]);
  });

  it('retries, dead-letters after max_deliver, and dead-letters a PermanentError at once', async () => {
    const [flaky, failing, poison] = await appendIngested(3);
    const calls = new Map<string, number[]>();
    const b = await bus('indexer', async (event, ctx) => {
      calls.set(event.id, [...(calls.get(event.id) ?? []), ctx.deliveryCount]);
      if (event.id === flaky!.id && ctx.deliveryCount === 1) throw new RetryableError('BUSY', 'busy', 5);
      if (event.id === failing!.id) throw new Error('always');
      if (event.id === poison!.id) throw new PermanentError('POISON', 'never');
    });
    await b.whenIdle();
    expect(calls.get(flaky!.id)).toEqual([1, 2]);
    expect(calls.get(failing!.id)).toEqual([1, 2, 3]);
    expect(calls.get(poison!.id)).toEqual([1]);
    const letters = (await store.readStream('dlq-indexer')).map((s) => s.event);
    expect(letters.every((e) => e.type === MESSAGE_DEAD_LETTERED)).toBe(true);
    expect(letters).toHaveLength(2);
    expect(letters.map((e) => e.data)).toEqual(
      expect.arrayContaining([
        { consumer: 'indexer', eventId: failing!.id, eventType: INSTANCE_INGESTED, reason: 'HANDLER_FAILED', deliveries: 3 },
        { consumer: 'indexer', eventId: poison!.id, eventType: INSTANCE_INGESTED, reason: 'POISON', deliveries: 1 },
      ]),
    );
  });

  it('resumes from the persisted checkpoint after a restart with no loss', async () => {
    const events = await appendIngested(60);
    const seen = new Set<string>();
    const slowly: TestHandler = async (e) => {
      await new Promise((r) => setTimeout(r, 5));
      seen.add(e.id);
    };
    const first = await bus('indexer', slowly, 10);
    await eventually('some deliveries', () => seen.size >= 15);
    await first.close();
    const checkpoint = await store.loadCheckpoint('consumer:indexer');
    expect(checkpoint).not.toBeNull();
    const second = await bus('indexer', async (e) => void seen.add(e.id));
    await second.whenIdle();
    expect([...seen].sort()).toEqual(events.map((e) => e.id).sort());
  });
});
