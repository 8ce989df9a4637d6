import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { derivedEventId, INSTANCE_INDEXED, INSTANCE_INGESTED, isDicomParseError, newEvent } from '@gantry/domain';
import { BlobNotFoundError, EventStore, PermanentError, StageEvent } from '@gantry/platform';
import { CatalogService, IngestedEvent } from './catalog.service';

export const INDEXER_CONSUMER = 'indexer';

/**
 * Catalogs each ingested instance, then announces it with opaque keys only.
 * Safe to run twice: the catalog upsert is idempotent and the emitted event id is
 * derived from the cause, so a redelivery appends nothing new.
 */
@Controller()
export class IndexerHandler {
  constructor(
    private readonly catalog: CatalogService,
    private readonly store: EventStore,
  ) {}

  @StageEvent(INSTANCE_INGESTED, INDEXER_CONSUMER)
  async onIngested(@Payload() event: IngestedEvent): Promise<void> {
    const entry = await this.project(event);
    const indexed = newEvent({
      id: derivedEventId(event.id, INSTANCE_INDEXED),
      type: INSTANCE_INDEXED,
      source: 'gantry/indexer',
      subject: event.subject,
      causedBy: event,
      data: {
        key: event.data.key,
        patientKey: entry.patient.key,
        studyKey: entry.study.key,
        seriesKey: entry.series.key,
        deviceKey: entry.device.key,
        sopClassUid: event.data.sopClassUid,
        modality: /^[A-Z0-9_ ]{1,16}$/.test(entry.series.modality) ? entry.series.modality : null,
        rawBlobKey: event.data.blobKey,
      },
    });
    await this.store.append(`instance-${event.data.key}`, [indexed], { expectedVersion: 'any' });
  }

  /** A missing or unparseable blob will not heal by retrying: dead-letter it with a code. */
  private async project(event: IngestedEvent): ReturnType<CatalogService['project']> {
    try {
      return await this.catalog.project(event);
    } catch (e) {
      if (e instanceof BlobNotFoundError) throw new PermanentError('BLOB_MISSING', 'raw blob missing', { cause: e });
      if (isDicomParseError(e)) throw new PermanentError('HEADER_UNREADABLE', 'raw blob header unreadable', { cause: e });
      throw e;
    }
  }
}
