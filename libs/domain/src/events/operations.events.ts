import { defs } from './common.schema';

export const MESSAGE_DEAD_LETTERED = 'gantry.message.dead-lettered.v1';
export const DEAD_LETTER_REPLAYED = 'gantry.message.dead-letter-replayed.v1';

/** Why a consumer gave up on a message: a code, never an exception message. */
export interface MessageDeadLetteredData {
  consumer: string;
  eventId: string;
  eventType: string;
  reason: string;
  deliveries: number;
}

export interface DeadLetterReplayedData {
  consumer: string;
  eventId: string;
  deadLetterId: string;
}

const consumerName = { type: 'string', pattern: '^[a-z][a-z0-9-]{0,63}$' } as const;
const eventType = { type: 'string', pattern: '^gantry\\.[a-z0-9-]+\\.[a-z0-9-]+\\.v[0-9]+$' } as const;

export const messageDeadLetteredSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['consumer', 'eventId', 'eventType', 'reason', 'deliveries'],
  properties: {
    consumer: consumerName,
    eventId: defs.uuid,
    eventType,
    reason: defs.code,
    deliveries: defs.count,
  },
} as const;

export const deadLetterReplayedSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['consumer', 'eventId', 'deadLetterId'],
  properties: { consumer: consumerName, eventId: defs.uuid, deadLetterId: defs.uuid },
} as const;
