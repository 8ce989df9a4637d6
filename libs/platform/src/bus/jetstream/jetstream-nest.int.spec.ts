import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, MicroserviceOptions, Payload } from '@nestjs/microservices';
import { jetstream } from '@nats-io/jetstream';
import { INSTANCE_INGESTED, MESSAGE_DEAD_LETTERED } from '@gantry/domain';
import type { GantryEvent } from '@gantry/domain';
import { EventStore } from '../../event-store';
import { BusStoreTarget, postgresBusTarget } from '../test-support/store-harness';
import { PermanentError } from '../errors';
import { GantryContext } from '../gantry-context';
import { EventRelay } from '../relay/event-relay';
import { StageEvent } from '../stage-event.decorator';
import { eventually } from '../test-support/eventually';
import { BusTestStream, testStream } from '../test-support/nats-harness';
import { ingestedEvent } from '../test-events.fake';
import { JetStreamTransport } from './jetstream-transport';

// Real servers, shared with other suites running in parallel: allow for a loaded machine.
jest.setTimeout(30_000);

const silent = { log: () => undefined, error: () => undefined, warn: () => undefined, debug: () => undefined, verbose: () => undefined };
const received: { id: string; consumer: string; deliveryCount: number }[] = [];
const REFUSED_SIZE = 13;

@Controller()
class ProbeHandler {
  @StageEvent(INSTANCE_INGESTED, 'probe')
  async onIngested(@Payload() event: GantryEvent, @Ctx() ctx: GantryContext): Promise<void> {
    received.push({ id: event.id, consumer: ctx.consumer, deliveryCount: ctx.deliveryCount });
    if (event.type === INSTANCE_INGESTED && event.data.size === REFUSED_SIZE) throw new PermanentError('PROBE_REFUSED', 'refused');
  }
}

@Module({ controllers: [ProbeHandler] })
class ProbeModule {}

let target: BusStoreTarget;
let nats: BusTestStream;
let store: EventStore;

beforeAll(async () => {
  target = await postgresBusTarget();
  nats = await testStream();
  store = await target.open();
});
afterAll(async () => {
  await store.close();
  await nats.cleanup();
  await target.close();
});

describe('JetStreamTransport in a Nest microservice', () => {
  it('routes a stored, relayed event to a @StageEvent handler, and a thrown PermanentError to a dead letter', async () => {
    const strategy = new JetStreamTransport({ servers: nats.servers, store, stream: nats.stream, prefix: nats.prefix, lagIntervalMs: 0, logger: silent });
    const app = await NestFactory.createMicroservice<MicroserviceOptions>(ProbeModule, { strategy, logger: false });
    await app.listen();
    const relay = new EventRelay({ store, js: jetstream(nats.connection), prefix: nats.prefix, stream: nats.stream, logger: silent });
    await relay.start();
    try {
      const accepted = ingestedEvent();
      const refused = { ...ingestedEvent(), data: { ...ingestedEvent().data, size: REFUSED_SIZE } };
      await store.append(`instance-${accepted.subject}`, [accepted]);
      await store.append(`instance-${refused.subject}`, [refused]);
      await eventually('both deliveries', () => received.length === 2);
      expect(received).toContainEqual({ id: accepted.id, consumer: 'probe', deliveryCount: 1 });
      const [letter] = await eventually('the dead letter', async () => {
        const letters = await store.readStream('dlq-probe');
        return letters.length > 0 && letters;
      });
      expect(letter?.event.type).toBe(MESSAGE_DEAD_LETTERED);
      expect(letter?.event.data).toMatchObject({ eventId: refused.id, reason: 'PROBE_REFUSED', deliveries: 1 });
    } finally {
      await relay.stop();
      await app.close();
    }
  });
});
