import { JsMsg } from '@nats-io/jetstream';
import { assertValidEvent, DEAD_LETTER_REPLAYED, EventEnvelope } from '@gantry/domain';
import { EventStore } from '../../event-store';
import { DeliveryRequest } from '../delivery-runner';
import { RetryableError } from '../errors';
import { replayBinding, ReplayEvent, replayConsumerName, resolveReplay } from '../replay/replay-binding';
import { StageBinding } from '../stage-bindings';
import { subjectForType } from '../subjects';
import { envelopeOf, MessageRoute, originOf } from './message-route';

/**
 * The `<consumer>-replay` durable on the DEAD_LETTER_REPLAYED subject. A replay for this
 * consumer is delivered to the stage's own handler, with the replay message's delivery
 * count (fresh counting) and the replay id as generation, and the handler's outcome
 * settles the replay message: so a replay that fails is retried and dead-lettered under
 * the stage's consumer exactly like a first delivery, with a new dead-letter id.
 * Replays for other consumers are acknowledged. Anything else (an invalid message, a
 * replay whose original is not stored, a store read that failed) goes to the replay
 * binding, whose handler fails it properly: dead letter or retry, never silence.
 */
export function replayRoute(target: StageBinding, store: EventStore, prefix: string): MessageRoute {
  // Reached only when the original appeared between the route's lookup and the handler's:
  // retry at once, and the next delivery is routed to the stage handler.
  const raced = (): never => {
    throw new RetryableError('REPLAY_RACE', 'the replayed event appeared during routing', 0);
  };
  const fallbackBinding = replayBinding(target, store, raced);
  return {
    durable: replayConsumerName(target.consumer),
    filterSubject: subjectForType(DEAD_LETTER_REPLAYED, prefix),
    async request(msg: JsMsg): Promise<DeliveryRequest | null> {
      const envelope = envelopeOf(msg);
      const deliveryCount = msg.info.deliveryCount;
      const fallback: DeliveryRequest = { binding: fallbackBinding, envelope, deliveryCount, origin: originOf(msg) };
      const replay = asReplay(envelope);
      if (!replay) return fallback;
      const resolved = await resolveReplay(store, target.consumer, replay).catch(() => null);
      if (!resolved || resolved.kind === 'missing') return fallback;
      if (resolved.kind === 'not-ours') return null;
      return { binding: target, envelope: resolved.original, deliveryCount, generation: replay.id, origin: `replay:${replay.id}` };
    },
  };
}

function asReplay(envelope: unknown): ReplayEvent | null {
  try {
    assertValidEvent(envelope as EventEnvelope);
  } catch {
    return null;
  }
  const event = envelope as ReplayEvent;
  return event.type === DEAD_LETTER_REPLAYED ? event : null;
}
