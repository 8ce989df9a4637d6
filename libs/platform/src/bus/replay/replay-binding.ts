import { MessageHandler } from '@nestjs/microservices';
import { DEAD_LETTER_REPLAYED, GantryEvent } from '@gantry/domain';
import { EventStore } from '../../event-store';
import { PermanentError } from '../errors';
import { StageBinding } from '../stage-bindings';

export type ReplayEvent = GantryEvent<typeof DEAD_LETTER_REPLAYED>;

/**
 * Every stage consumer has an internal twin, `<consumer>-replay`, that follows the
 * DEAD_LETTER_REPLAYED events (JetStream durable, or checkpointed store reader) and hands
 * the replays meant for its consumer back to it. A durable, not a direct call, so a replay
 * requested while no replica of the stage runs waits until one does.
 */
export const replayConsumerName = (consumer: string): string => `${consumer}-replay`;

/** Thrown when a replay names an event the store does not hold (an invalid message was dead-lettered). */
export const REPLAY_ORIGINAL_MISSING = 'REPLAY_ORIGINAL_MISSING';

/** What a replay resolves to for one consumer. */
export type ReplayTarget =
  | { readonly kind: 'deliver'; readonly replay: ReplayEvent; readonly original: GantryEvent }
  | { readonly kind: 'not-ours' }
  | { readonly kind: 'missing'; readonly replay: ReplayEvent };

/** Looks up the original of a (valid) replay event when it is addressed to `consumer`. */
export async function resolveReplay(store: EventStore, consumer: string, replay: ReplayEvent): Promise<ReplayTarget> {
  if (replay.data.consumer !== consumer) return { kind: 'not-ours' };
  const original = await store.findEvent(replay.data.eventId);
  return original ? { kind: 'deliver', replay, original: original.event } : { kind: 'missing', replay };
}

/** Hands the original back to the target consumer, with the replay's id as delivery generation. */
export type ReplayDelivery = (original: GantryEvent, replay: ReplayEvent) => void | Promise<void>;

/**
 * The binding of `<consumer>-replay`: it acknowledges replays for other consumers, delivers
 * those for its own, and turns a replay whose original is not in the store into a
 * PermanentError, i.e. a dead letter of its own: fail closed, recorded, never silent.
 */
export function replayBinding(target: StageBinding, store: EventStore, deliver: ReplayDelivery): StageBinding {
  const consumer = replayConsumerName(target.consumer);
  const handler = (async (event: GantryEvent): Promise<void> => {
    if (event.type !== DEAD_LETTER_REPLAYED) return;
    const resolved = await resolveReplay(store, target.consumer, event);
    if (resolved.kind === 'missing') {
      throw new PermanentError(REPLAY_ORIGINAL_MISSING, `replay ${event.id} names an event that is not in the store`);
    }
    if (resolved.kind === 'deliver') await deliver(resolved.original, resolved.replay);
  }) as MessageHandler;
  handler.isEventHandler = true;
  handler.extras = { consumer };
  return { consumer, type: DEAD_LETTER_REPLAYED, handler };
}
