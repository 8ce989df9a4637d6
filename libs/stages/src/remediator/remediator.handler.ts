import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { GantryEvent, INSTANCE_REMEDIATED, newEvent, PHI_FOUND } from '@gantry/domain';
import { EventStore, GantryLogger, safe, StageEvent, StructuredLogger } from '@gantry/platform';
import { alreadyAnswered, instanceStream, outputId } from '../common';
import { RemediationService } from './remediation.service';

export const REMEDIATOR_CONSUMER = 'remediator';

export type PhiFoundEvent = GantryEvent<typeof PHI_FOUND>;

/**
 * Applies each announced plan and records the result as Remediated. At-least-once safe:
 * the output id derives from the cause and the output bytes from the input and key; in
 * reversible mode, whose output is randomized, an instance already answered is not touched
 * again, and an attempt that loses a race removes its own blob.
 */
@Controller()
export class RemediatorHandler {
  private readonly log: StructuredLogger;

  constructor(
    private readonly remediation: RemediationService,
    private readonly store: EventStore,
    logger: GantryLogger,
  ) {
    this.log = logger.forContext('RemediatorHandler');
  }

  @StageEvent(PHI_FOUND, REMEDIATOR_CONSUMER)
  async onPhiFound(@Payload() event: PhiFoundEvent): Promise<void> {
    // Reversible output is randomized (CMS): once answered, never redone. Otherwise a redo
    // writes the very same bytes and re-appends the same event id, so the check is skipped.
    const reversible = await this.remediation.isReversible(event.data.configVersion);
    if (reversible && (await alreadyAnswered(this.store, event, [INSTANCE_REMEDIATED]))) return;
    const data = await this.remediation.remediate(event.data);
    const remediated = newEvent({
      id: outputId(event, INSTANCE_REMEDIATED),
      type: INSTANCE_REMEDIATED,
      source: 'gantry/remediator',
      subject: event.subject,
      causedBy: event,
      data,
    });
    const appended = await this.store.append(instanceStream(data.key), [remediated], { expectedVersion: 'any' });
    if (appended.duplicate) await this.settleRace(event, data.blobKey);
    this.log.debug('instance remediated', { instance: safe(data.key), bytes: data.size, reversible: data.reversible });
  }

  /** Another attempt recorded its answer first: keep its blob, drop ours if it is another one. */
  private async settleRace(event: PhiFoundEvent, ours: string): Promise<void> {
    const stored = await this.store.findEvent(outputId(event, INSTANCE_REMEDIATED));
    const theirs = stored?.event.type === INSTANCE_REMEDIATED ? stored.event.data.blobKey : undefined;
    if (theirs !== undefined && theirs !== ours) await this.remediation.discard(ours);
  }
}
