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

/**
 * The JetStream filter subject for a consumer of `type`. Dead letters are published per
 * consumer (`<prefix>.dlq.<consumer>`), so a consumer of dead letters filters on all of them.
 */
export const filterSubjectFor = (type: string, prefix = 'gantry'): string =>
  type === MESSAGE_DEAD_LETTERED ? `${prefix}.dlq.*` : subjectForType(type, prefix);
