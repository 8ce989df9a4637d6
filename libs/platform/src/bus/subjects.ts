import { GantryEvent, MESSAGE_DEAD_LETTERED } from '@gantry/domain';

/**
 * Subject naming: an event's subject is its type under the deployment prefix
 * (`gantry.instance.ingested.v1`); dead letters go to `gantry.dlq.<consumer>`.
 * The prefix is configurable so tests and tenants can share one NATS server.
 */
export function subjectFor(event: GantryEvent, prefix = 'gantry'): string {
  if (event.type === MESSAGE_DEAD_LETTERED) {
    return `${prefix}.dlq.${event.data.consumer}`;
  }
  return `${prefix}${event.type.slice('gantry'.length)}`;
}

export const subjectForType = (type: string, prefix = 'gantry'): string => `${prefix}${type.slice('gantry'.length)}`;
