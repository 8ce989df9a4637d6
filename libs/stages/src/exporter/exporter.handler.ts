import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { INSTANCE_REDACTED } from '@gantry/domain';
import { StageEvent } from '@gantry/platform';
import { RedactedEvent } from './export-check.service';
import { ExportService } from './export.service';

export const EXPORTER_CONSUMER = 'exporter';

/**
 * Exports each redacted instance to the configured destinations after re-checking the
 * exact bytes (Exported per destination, or ExportBlocked and nothing written). A
 * destination that is down throws RetryableError (nak with delay); one that can never
 * work throws PermanentError (dead letter with a code).
 */
@Controller()
export class ExporterHandler {
  constructor(private readonly exporter: ExportService) {}

  @StageEvent(INSTANCE_REDACTED, EXPORTER_CONSUMER)
  async onRedacted(@Payload() event: RedactedEvent): Promise<void> {
    await this.exporter.export(event);
  }
}
