import { derivedEventId, EventType, GantryEvent } from '@gantry/domain';
import { EventStore } from '@gantry/platform';

/**
 * The id a stage gives the event it emits in answer to `cause`. Deterministic, so a
 * redelivered message maps to the same id: the store and JetStream both deduplicate it.
 */
export const outputId = (cause: Pick<GantryEvent, 'id'>, type: EventType, discriminator = ''): string =>
  derivedEventId(cause.id, type, discriminator);

/**
 * True when this stage already answered `cause` with one of `types`. Handlers with side
 * effects that are not byte-deterministic (reversible-mode encryption, a remote C-STORE)
 * check it first, so a redelivery after the answer was recorded does nothing at all.
 */
export async function alreadyAnswered(store: EventStore, cause: Pick<GantryEvent, 'id'>, types: readonly EventType[]): Promise<boolean> {
  for (const type of types) if (await store.findEvent(outputId(cause, type))) return true;
  return false;
}
