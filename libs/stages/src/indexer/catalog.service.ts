import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GantryEvent, INSTANCE_INGESTED, KeyRing, parseDicom } from '@gantry/domain';
import { BlobStore, Checkpoint, EventStore } from '@gantry/platform';
import { SQL, Sql } from '@gantry/platform';
import { catalogEntryOf } from './catalog-entry';
import { inventory, DeviceInventory, patients, PatientSummary, seriesOfStudy, SeriesSummary } from './catalog.queries';
import { upsertCatalogEntry } from './catalog.repository';
import { clearCatalog, ensureCatalogSchema } from './catalog.schema';

export type IngestedEvent = GantryEvent<typeof INSTANCE_INGESTED>;

/** Order key of an event: ingest time, then id. Deterministic for a replay of the same events. */
const orderOf = (e: IngestedEvent): string => `${e.time}|${e.id}`;

const sameCheckpoint = (a: Checkpoint, b: Checkpoint | null): boolean =>
  !!b && a.transactionId === b.transactionId && a.globalPosition === b.globalPosition;

/** The indexer's read model: projection of InstanceIngested events plus the headers they point to. */
@Injectable()
export class CatalogService {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly dataSource: DataSource,
    private readonly blobs: BlobStore,
    private readonly store: EventStore,
    private readonly keys: KeyRing,
  ) {}

  ensureSchema(): Promise<void> {
    return ensureCatalogSchema(this.dataSource);
  }

  /** Projects one ingested instance; returns its catalog keys. Idempotent. */
  async project(event: IngestedEvent): Promise<ReturnType<typeof catalogEntryOf>> {
    const bytes = await this.blobs.getBytes(event.data.blobKey);
    const { dataset } = parseDicom(bytes, { untilPixelData: true });
    const entry = catalogEntryOf(dataset, this.keys);
    const ref = {
      transferSyntax: event.data.transferSyntaxUid, blobKey: event.data.blobKey, size: event.data.size, sha256: event.data.sha256,
    };
    await upsertCatalogEntry(this.sql, entry, ref, orderOf(event));
    return entry;
  }

  /** Drops the read model's rows and replays every InstanceIngested event in commit order. */
  async rebuild(): Promise<number> {
    await clearCatalog(this.sql);
    let after: Checkpoint | null = null;
    let count = 0;
    for (;;) {
      const batch = await this.store.readAll({ after, limit: 500, types: [INSTANCE_INGESTED] });
      for (const { event } of batch.events) {
        if (event.type === INSTANCE_INGESTED) {
          await this.project(event);
          count++;
        }
      }
      // A filtered read may match nothing yet still advance; stop only when the position stands still.
      if (!batch.checkpoint || sameCheckpoint(batch.checkpoint, after)) return count;
      after = batch.checkpoint;
    }
  }

  inventory(): Promise<DeviceInventory[]> {
    return inventory(this.sql);
  }

  patients(): Promise<PatientSummary[]> {
    return patients(this.sql);
  }

  seriesOfStudy(studyUid: string): Promise<SeriesSummary[] | null> {
    return seriesOfStudy(this.sql, studyUid);
  }
}
