import { GantryEvent, INSTANCE_REDACTED, newEvent, REDACTION_HELD } from '@gantry/domain';
import { AppendResult, EventStore } from '@gantry/platform';
import { instanceStream, outputId } from '../common';
import { RedactionOutcome } from './redaction-outcome';

export const REDACTOR_SOURCE = 'gantry/redactor';

type Cause = Pick<GantryEvent, 'id' | 'correlationId' | 'traceparent'>;

/** The outcome as an event answering `cause`; its id derives from the cause (and the instance, for a release). */
export function outcomeEvent(cause: Cause, outcome: RedactionOutcome, discriminator = ''): GantryEvent {
  const base = { source: REDACTOR_SOURCE, subject: outcome.data.key, causedBy: cause };
  if (outcome.type === INSTANCE_REDACTED) {
    return newEvent({ ...base, id: outputId(cause, INSTANCE_REDACTED, discriminator), type: INSTANCE_REDACTED, data: outcome.data });
  }
  return newEvent({ ...base, id: outputId(cause, REDACTION_HELD, discriminator), type: REDACTION_HELD, data: outcome.data });
}

/**
 * Appends the outcome to the instance's stream, expecting the stream where the decision
 * read it: an instance is answered once per cause, and two deciders racing on it (a
 * redelivery and a release under a new rule set) cannot both record an answer. A re-append
 * of the same id is a duplicate (the store checks that before the version), so a retry of
 * the same decision is a no-op; a different answer raises ConcurrencyError.
 */
export function recordOutcome(store: EventStore, event: GantryEvent, streamVersion: number): Promise<AppendResult> {
  const key = event.subject;
  return store.append(instanceStream(key), [event], { expectedVersion: streamVersion === 0 ? 'no_stream' : streamVersion });
}
