import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { GantryEvent, INSTANCE_REMEDIATED, REDACTION_HELD } from '@gantry/domain';
import { EventStore, GantryLogger, isConcurrencyError, MetricsService, RetryableError, safe, StageEvent, StructuredLogger } from '@gantry/platform';
import { ActiveConfigService, instanceHistory, InstanceHistory, outputId } from '../common';
import { outcomeEvent, recordOutcome } from './record-outcome';
import { REDACTION_ANSWERS, RedactionOutcome } from './redaction-outcome';
import { RedactionService } from './redaction.service';
import { latestOutcome, ReleaseService } from './release.service';

/** Durable consumer names: the Kubernetes KEDA scalers are keyed on them. */
export const REDACTOR_CONSUMER = 'redactor';
export const REDACTOR_STAGE = 'redactor';

export type RemediatedEvent = GantryEvent<typeof INSTANCE_REMEDIATED>;

/**
 * Answers each Remediated instance with Redacted (zones filled, or nothing to fill) or
 * RedactionHeld, under the active rule set. At-least-once safe: the answer's id derives
 * from the cause, a cause already answered is not redone (the redaction is deterministic,
 * but a newer rule set may be active by the redelivery), and the answer is appended at the
 * stream version the decision read, so two deciders cannot both answer.
 */
@Controller()
export class RedactorHandler {
  private readonly log: StructuredLogger;

  constructor(
    private readonly redaction: RedactionService,
    private readonly release: ReleaseService,
    private readonly config: ActiveConfigService,
    @Inject(EventStore) private readonly store: EventStore,
    private readonly metrics: MetricsService,
    logger: GantryLogger,
  ) {
    this.log = logger.forContext('RedactorHandler');
  }

  @StageEvent(INSTANCE_REMEDIATED, REDACTOR_CONSUMER)
  async onRemediated(@Payload() event: RemediatedEvent): Promise<void> {
    const history = await instanceHistory(this.store, event.data.key);
    // Answers land in the instance's stream, so its history tells whether this cause was answered.
    const ours = new Set(REDACTION_ANSWERS.map((type) => outputId(event, type)));
    const answered = history.events.some((e) => ours.has(e.id));
    const held = answered ? latestOutcome(history)?.type === REDACTION_HELD : (await this.answer(event, history)) === REDACTION_HELD;
    // Also after a redelivery: the previous attempt may have died between hold and catch-up.
    if (held && (await this.release.catchUp(event.data.key)) === 'released') {
      this.log.info('held instance released by a newer rule set', { instance: safe(event.data.key) });
    }
  }

  private async answer(event: RemediatedEvent, history: InstanceHistory): Promise<RedactionOutcome['type']> {
    const key = event.data.key;
    const outcome = await this.redaction.evaluate(event.data, history, await this.config.active());
    try {
      const appended = await recordOutcome(this.store, outcomeEvent(event, outcome), history.events.length);
      if (outcome.type === REDACTION_HELD && !appended.duplicate) this.metrics.recordHeld(REDACTOR_STAGE);
    } catch (e) {
      // Someone else answered the instance meanwhile: the redelivery finds their answer.
      if (isConcurrencyError(e)) throw new RetryableError('INSTANCE_CHANGED', 'the instance changed while it was redacted', 200, { cause: e });
      throw e;
    }
    this.log.debug(outcome.type === REDACTION_HELD ? 'instance held' : 'instance redacted', {
      instance: safe(key),
      configVersion: outcome.data.configVersion,
      ...(outcome.type === REDACTION_HELD
        ? { reason: safe(outcome.data.reason), risk: safe(outcome.data.risk) }
        : { zones: outcome.data.zones.length, frames: outcome.data.frames, rule: safe(outcome.data.ruleId) }),
    });
    return outcome.type;
  }
}
