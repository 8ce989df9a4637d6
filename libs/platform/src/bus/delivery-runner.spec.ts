import { GantryEvent, INSTANCE_INDEXED, INSTANCE_INGESTED, MESSAGE_DEAD_LETTERED } from '@gantry/domain';
import { BusObserver, ProcessedOutcome } from './bus-observer';
import { buildDeadLetter } from './dead-letter';
import { DeliveryPolicy } from './delivery-policy';
import { DeliveryRequest, DeliveryRunner } from './delivery-runner';
import { PermanentError, RetryableError } from './errors';
import { InMemoryEventStore } from './in-memory-event-store.fake';
import { ingestedEvent, TestHandler, testBinding } from './test-events.fake';

const policy: DeliveryPolicy = { ackWaitMs: 200, maxDeliver: 3, backoffMs: [5, 10], concurrency: 2 };
const isDeadLetter = (e: GantryEvent): e is GantryEvent<typeof MESSAGE_DEAD_LETTERED> => e.type === MESSAGE_DEAD_LETTERED;
const silent = { log: jest.fn(), error: jest.fn(), warn: jest.fn(), debug: jest.fn() };

function setup(handler: TestHandler) {
  const store = new InMemoryEventStore();
  const outcomes: ProcessedOutcome[] = [];
  const observer: BusObserver = { processed: (_c, o) => outcomes.push(o), inFlight: jest.fn(), lag: jest.fn(), relayLag: jest.fn() };
  const runner = new DeliveryRunner({ store, policy, observer, logger: silent });
  const binding = testBinding('indexer', INSTANCE_INGESTED, handler);
  const request = (deliveryCount: number, envelope: unknown = ingestedEvent()): DeliveryRequest => ({ binding, envelope, deliveryCount, origin: 'test:1' });
  const deadLetters = () => store.events.map((e) => e.event).filter(isDeadLetter);
  return { store, runner, request, outcomes, deadLetters, observer };
}

describe('DeliveryRunner', () => {
  it('acks when the handler resolves, handing it the event and delivery context', async () => {
    const seen: unknown[] = [];
    const { runner, request, outcomes } = setup(async (event, ctx) => void seen.push([event.id, ctx.consumer, ctx.deliveryCount]));
    const req = request(2);
    await expect(runner.run(req)).resolves.toEqual({ kind: 'ack' });
    expect(seen).toEqual([[(req.envelope as { id: string }).id, 'indexer', 2]]);
    expect(outcomes).toEqual(['ack']);
  });

  it('naks a RetryableError with its delay and a plain error with the backoff', async () => {
    const retryable = setup(async () => Promise.reject(new RetryableError('BUSY', 'busy', 42)));
    await expect(retryable.runner.run(retryable.request(1))).resolves.toEqual({ kind: 'nak', delayMs: 42 });
    const plain = setup(async () => Promise.reject(new Error('boom')));
    await expect(plain.runner.run(plain.request(2))).resolves.toEqual({ kind: 'nak', delayMs: 10 });
    expect(plain.outcomes).toEqual(['retry']);
  });

  it('terms a PermanentError after appending a dead letter that names the event by id only', async () => {
    const { runner, request, deadLetters, store } = setup(async () => Promise.reject(new PermanentError('UNSUPPORTED', 'DOE^JOHN')));
    const req = request(1);
    await expect(runner.run(req)).resolves.toEqual({ kind: 'term' });
    const [letter] = deadLetters();
    const original = req.envelope as { id: string; correlationId: string };
    expect(letter?.data).toEqual({ consumer: 'indexer', eventId: original.id, eventType: INSTANCE_INGESTED, reason: 'UNSUPPORTED', deliveries: 1 });
    expect(letter?.correlationId).toBe(original.correlationId);
    expect(store.events[0]?.streamId).toBe('dlq-indexer');
    expect(JSON.stringify(store.events.map((e) => e.event))).not.toContain('DOE');
  });

  it('dead-letters a plain error on the last delivery, and the same letter id on a crash-retry', async () => {
    const { runner, request, deadLetters } = setup(async () => Promise.reject(new Error('boom')));
    const req = request(3);
    await expect(runner.run(req)).resolves.toEqual({ kind: 'term' });
    await expect(runner.run(req)).resolves.toEqual({ kind: 'term' });
    expect(deadLetters()).toHaveLength(1);
    expect(deadLetters()[0]?.data).toMatchObject({ reason: 'HANDLER_FAILED', deliveries: 3 });
  });

  it('gives a replayed generation its own dead letter', async () => {
    const { runner, request, deadLetters } = setup(async () => Promise.reject(new PermanentError('BAD', 'bad')));
    const req = request(1);
    await runner.run(req);
    await runner.run({ ...req, generation: 'replay-1' });
    expect(new Set(deadLetters().map((e) => e.id)).size).toBe(2);
  });

  it('dead-letters an invalid event without calling the handler', async () => {
    const handler = jest.fn<Promise<void>, []>(async () => undefined);
    const { runner, request, deadLetters } = setup(handler);
    const bad = { ...ingestedEvent(), data: { patientName: 'DOE^JOHN' } };
    await expect(runner.run(request(1, bad))).resolves.toEqual({ kind: 'term' });
    expect(handler).not.toHaveBeenCalled();
    expect(deadLetters()[0]?.data).toMatchObject({ eventId: bad.id, reason: 'INVALID_EVENT' });
    expect(JSON.stringify(deadLetters())).not.toContain('DOE');
  });

  it('dead-letters an event of another type than the consumer handles', async () => {
    const { runner, request, deadLetters } = setup(async () => undefined);
    const other = { ...ingestedEvent(), type: INSTANCE_INDEXED };
    await runner.run(request(1, other));
    expect(deadLetters()[0]?.data.reason).toBe('INVALID_EVENT');
  });

  it('derives a stable id from the origin for an envelope without a usable one', async () => {
    const { runner, request, deadLetters } = setup(async () => undefined);
    await runner.run(request(1, { id: 'not-a-uuid', type: 'whatever' }));
    await runner.run(request(1, { id: 'not-a-uuid', type: 'whatever' }));
    expect(deadLetters()).toHaveLength(1);
    expect(deadLetters()[0]?.data).toMatchObject({ eventType: 'gantry.message.unidentified.v0', reason: 'INVALID_EVENT' });
    expect(deadLetters()[0]?.data.eventId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('counts an ack-wait timeout as a failed delivery', async () => {
    const { runner, request } = setup(() => new Promise(() => undefined));
    await expect(runner.run(request(1))).resolves.toEqual({ kind: 'nak', delayMs: 5 });
  });

  it('dead-letters a delivery beyond max_deliver without calling the handler', async () => {
    const handler = jest.fn<Promise<void>, []>(async () => undefined);
    const { runner, request, deadLetters } = setup(handler);
    await expect(runner.run(request(4))).resolves.toEqual({ kind: 'term' });
    expect(handler).not.toHaveBeenCalled();
    expect(deadLetters()[0]?.data.reason).toBe('MAX_DELIVER_EXCEEDED');
  });

  it('naks instead of terming when the dead letter cannot be written', async () => {
    const { runner, request, store, outcomes } = setup(async () => Promise.reject(new PermanentError('BAD', 'bad')));
    store.failAppends = true;
    await expect(runner.run(request(1))).resolves.toEqual({ kind: 'nak', delayMs: 5 });
    expect(outcomes).toEqual(['retry']);
  });

  it('never hands a dead-letter consumer its own dead letters', async () => {
    const handler = jest.fn<Promise<void>, []>(async () => undefined);
    const store = new InMemoryEventStore();
    const runner = new DeliveryRunner({ store, policy, logger: silent });
    const binding = testBinding('alerts', MESSAGE_DEAD_LETTERED, handler);
    const own = buildDeadLetter({ consumer: 'alerts', eventId: ingestedEvent().id, eventType: INSTANCE_INGESTED, reason: 'X_Y', deliveries: 1, generation: '0', original: null });
    const other = buildDeadLetter({ ...own.data, consumer: 'indexer', generation: '0', original: null });
    await expect(runner.run({ binding, envelope: own, deliveryCount: 1, origin: 't:1' })).resolves.toEqual({ kind: 'ack' });
    await expect(runner.run({ binding, envelope: other, deliveryCount: 1, origin: 't:2' })).resolves.toEqual({ kind: 'ack' });
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('balances in-flight accounting', async () => {
    const { runner, request, observer } = setup(async () => Promise.reject(new Error('x')));
    await runner.run(request(1));
    expect((observer.inFlight as jest.Mock).mock.calls).toEqual([['indexer', 1], ['indexer', -1]]);
  });
});
