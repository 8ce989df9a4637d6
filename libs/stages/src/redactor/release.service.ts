import { Inject, Injectable } from '@nestjs/common';
import { INSTANCE_REDACTED, REDACTION_HELD } from '@gantry/domain';
import { EventStore, isConcurrencyError, RetryableError } from '@gantry/platform';
import { instanceHistory, InstanceHistory, VersionedConfig } from '../common';
import { ConfigChangedEvent, configOf, latestConfigChange } from './config-events';
import { outcomeEvent, recordOutcome } from './record-outcome';
import { RedactionService } from './redaction.service';

export type Reevaluation = 'released' | 'held' | 'not-held';

/** Deciders racing on one instance (another release, a redelivery) retry this often before giving up to the bus. */
const MAX_RACES = 3;

type Outcome = InstanceHistory['events'][number];

/** The instance's latest Redacted or RedactionHeld: what the redactor last said about it. */
export function latestOutcome(history: InstanceHistory): Outcome | undefined {
  for (let i = history.events.length - 1; i >= 0; i--) {
    const e = history.events[i];
    if (e?.type === INSTANCE_REDACTED || e?.type === REDACTION_HELD) return e;
  }
  return undefined;
}

/**
 * Re-evaluates held instances under a new rule set. The answer is caused by the
 * ConfigChanged event and its id derives from that event and the instance key, so a
 * redelivered or concurrent release appends nothing twice. An instance still held is
 * held again under the new version: the audit trail shows it was looked at, and a release
 * interrupted half-way resumes with the instances it has not yet re-evaluated.
 */
@Injectable()
export class ReleaseService {
  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    private readonly redaction: RedactionService,
  ) {}

  async reevaluate(change: ConfigChangedEvent, config: VersionedConfig, key: string): Promise<Reevaluation> {
    for (let race = 1; ; race++) {
      const history = await instanceHistory(this.store, key);
      const last = latestOutcome(history);
      if (last?.type !== REDACTION_HELD || !history.remediated) return 'not-held';
      if (last.data.configVersion >= config.version) return 'held';
      const outcome = await this.redaction.evaluate(history.remediated.data, history, config);
      try {
        await recordOutcome(this.store, outcomeEvent(change, outcome, key), history.events.length);
        return outcome.type === INSTANCE_REDACTED ? 'released' : 'held';
      } catch (e) {
        if (!isConcurrencyError(e)) throw e;
        if (race >= MAX_RACES) throw new RetryableError('INSTANCE_BUSY', 'the instance kept changing during its re-evaluation', undefined, { cause: e });
      }
    }
  }

  /**
   * After a hold: if a newer rule set was installed than the one the hold was decided
   * under, re-evaluate now. Closes the race in which a ConfigChanged is handled between
   * this instance's decision and its hold being recorded (the release did not see the
   * hold yet): the hold is recorded first, then the config stream read fresh.
   */
  async catchUp(key: string): Promise<Reevaluation> {
    const last = latestOutcome(await instanceHistory(this.store, key));
    if (last?.type !== REDACTION_HELD) return 'not-held';
    const change = await latestConfigChange(this.store);
    if (!change || change.data.version <= last.data.configVersion) return 'held';
    return this.reevaluate(change, configOf(change), key);
  }
}
