import { DEAD_LETTER_REPLAYED, GantryError, GantryEvent, MESSAGE_DEAD_LETTERED, newEvent } from '@gantry/domain';
import { EventStore } from '../../event-store';
import { deadLetterIdFor, deadLetterStreamId } from '../dead-letter';
import { REPLAY_ORIGINAL_MISSING, ReplayEvent } from './replay-binding';

export type DeadLetterEvent = GantryEvent<typeof MESSAGE_DEAD_LETTERED>;

/** A replay cannot be requested: the id names no dead letter, or its original is not stored. */
export class DeadLetterReplayError extends GantryError {}

/** Loads a dead letter by id, refusing anything else. */
export async function loadDeadLetter(store: EventStore, deadLetterId: string): Promise<DeadLetterEvent> {
  const stored = await store.findEvent(deadLetterId);
  if (!stored) throw new DeadLetterReplayError('DEAD_LETTER_NOT_FOUND', `no event ${deadLetterId} in the store`);
  if (stored.event.type !== MESSAGE_DEAD_LETTERED) {
    throw new DeadLetterReplayError('NOT_A_DEAD_LETTER', `event ${deadLetterId} is a ${stored.event.type}, not a dead letter`);
  }
  return stored.event;
}

/**
 * Requests the redelivery of a dead-lettered event to the consumer that gave up on it, by
 * appending DEAD_LETTER_REPLAYED to that consumer's dlq stream (the audit trail then reads
 * letter, replay, and any later letter in order). The consumer's `-replay` twin picks it
 * up on whichever transport runs the stage. Refused when the original event is not in the
 * store (an invalid message was dead-lettered): there is nothing to deliver.
 */
export async function requestReplay(store: EventStore, deadLetterId: string): Promise<ReplayEvent> {
  const letter = await loadDeadLetter(store, deadLetterId);
  if (!(await store.findEvent(letter.data.eventId))) {
    throw new DeadLetterReplayError(REPLAY_ORIGINAL_MISSING, `dead letter ${deadLetterId} names an event that is not in the store; it cannot be replayed`);
  }
  const replay = newEvent({
    type: DEAD_LETTER_REPLAYED,
    source: 'gantry/operator',
    subject: letter.subject,
    causedBy: letter,
    data: { consumer: letter.data.consumer, eventId: letter.data.eventId, deadLetterId: letter.id },
  });
  await store.append(deadLetterStreamId(letter.data.consumer), [replay], { expectedVersion: 'any' });
  return replay;
}

/**
 * The id the dead letter gets if the replayed delivery fails again: dead letters derive
 * their id from (event, consumer, generation) and a replay's generation is its own id.
 */
export const redeadLetterId = (replay: ReplayEvent): string => deadLetterIdFor(replay.data.eventId, replay.data.consumer, replay.id);
