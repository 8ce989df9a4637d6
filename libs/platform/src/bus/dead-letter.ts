import { derivedEventId, GantryEvent, MESSAGE_DEAD_LETTERED, newEvent } from '@gantry/domain';

export const deadLetterStreamId = (consumer: string): string => `dlq-${consumer}`;

/** Generation of the normal delivery flow; a DLQ replay passes its own (e.g. the replay event id). */
export const FIRST_GENERATION = '0';

/** Stands in for a type that is missing or malformed on an invalid message. */
export const UNIDENTIFIED_EVENT_TYPE = 'gantry.message.unidentified.v0';

export interface DeadLetterInput {
  consumer: string;
  eventId: string;
  eventType: string;
  reason: string;
  deliveries: number;
  generation: string;
  /** The original event when it was valid: correlation and trace flow on from it. */
  original: GantryEvent | null;
}

const SUBJECT = /^[a-z0-9-]{1,80}$/;

/** The dead letter id for (event, consumer, generation): a rewrite after a crash dedupes into the same letter. */
export const deadLetterIdFor = (eventId: string, consumer: string, generation: string): string =>
  derivedEventId(eventId, MESSAGE_DEAD_LETTERED, `${consumer}\0${generation}`);

/**
 * Builds the MESSAGE_DEAD_LETTERED event. It carries ids and codes only: the original
 * event is already in the store under its id. The id is derived from (event, consumer,
 * generation), so a crash between writing it and terming the message rewrites the same
 * id, which the store treats as a duplicate instead of a second dead letter.
 */
export function buildDeadLetter(input: DeadLetterInput): GantryEvent<typeof MESSAGE_DEAD_LETTERED> {
  const subject = input.original && SUBJECT.test(input.original.subject) ? input.original.subject : input.consumer;
  return newEvent({
    id: deadLetterIdFor(input.eventId, input.consumer, input.generation),
    type: MESSAGE_DEAD_LETTERED,
    source: `gantry/${input.consumer}`,
    subject,
    causedBy: input.original,
    data: {
      consumer: input.consumer,
      eventId: input.eventId,
      eventType: input.eventType,
      reason: input.reason,
      deliveries: input.deliveries,
    },
  });
}
