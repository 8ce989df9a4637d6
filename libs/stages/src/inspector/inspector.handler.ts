import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { GantryEvent, INSTANCE_INDEXED, newEvent, PHI_FOUND } from '@gantry/domain';
import { EventStore, GantryLogger, safe, StageEvent, StructuredLogger } from '@gantry/platform';
import { instanceStream, outputId } from '../common';
import { InspectionService } from './inspection.service';

export const INSPECTOR_CONSUMER = 'inspector';

export type IndexedEvent = GantryEvent<typeof INSTANCE_INDEXED>;

/**
 * Decides, for every element of each indexed instance, what de-identification must do
 * and why, and announces it as PhiFound: tag paths, rule ids, actions and reason codes,
 * never a value. The output id derives from the cause, so a redelivery appends nothing.
 */
@Controller()
export class InspectorHandler {
  private readonly log: StructuredLogger;

  constructor(
    private readonly inspection: InspectionService,
    private readonly store: EventStore,
    logger: GantryLogger,
  ) {
    this.log = logger.forContext('InspectorHandler');
  }

  @StageEvent(INSTANCE_INDEXED, INSPECTOR_CONSUMER)
  async onIndexed(@Payload() event: IndexedEvent): Promise<void> {
    const data = await this.inspection.inspect(event.data.key, event.data.rawBlobKey);
    const found = newEvent({
      id: outputId(event, PHI_FOUND),
      type: PHI_FOUND,
      source: 'gantry/inspector',
      subject: event.subject,
      causedBy: event,
      data,
    });
    await this.store.append(instanceStream(event.data.key), [found], { expectedVersion: 'any' });
    this.log.debug('instance inspected', {
      instance: safe(event.data.key),
      findings: data.findings.length,
      truncated: data.findingsTruncated,
      pixelAtRisk: data.pixelRisk.atRisk,
      configVersion: data.configVersion,
    });
  }
}
