import { derivedEventId, MESSAGE_DEAD_LETTERED } from '@gantry/domain';
import { UNIDENTIFIED_EVENT_TYPE } from './dead-letter';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EVENT_TYPE = /^gantry\.[a-z0-9-]+\.[a-z0-9-]+\.v[0-9]+$/;

export interface MessageIdentity {
  eventId: string;
  eventType: string;
}

/**
 * The (id, type) a dead letter refers to. A valid event names itself; an invalid one may
 * carry anything, so its fields are used only when they have the exact shape of an id and
 * a type, and otherwise a stable id is derived from where the message was found.
 */
export function identifyMessage(envelope: unknown, origin: string): MessageIdentity {
  const record = typeof envelope === 'object' && envelope !== null ? (envelope as Record<string, unknown>) : {};
  const id = record['id'];
  const type = record['type'];
  return {
    eventId: typeof id === 'string' && UUID.test(id) ? id.toLowerCase() : derivedEventId(origin, MESSAGE_DEAD_LETTERED, 'unidentified'),
    eventType: typeof type === 'string' && EVENT_TYPE.test(type) ? type : UNIDENTIFIED_EVENT_TYPE,
  };
}
