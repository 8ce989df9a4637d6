import { Inject, Injectable } from '@nestjs/common';
import {
  INSTANCE_DUPLICATED,
  INSTANCE_INDEXED,
  INSTANCE_INGESTED,
  INSTANCE_REJECTED,
  MESSAGE_DEAD_LETTERED,
} from '@gantry/domain';
import { EventStore, PostgresEventStore, SQL, Sql } from '@gantry/platform';
import { countEvents, EventCount, filesFound, reconcileBatches } from './status.queries';

export interface PipelineStatus {
  inputs: {
    /** Files found by `gantry import` batches (C-STORE and STOW inputs have no batch). */
    filesFound: number;
    received: number;
    ingested: number;
    rejected: number;
    duplicates: number;
    /** Every file of every import batch has exactly one recorded outcome. */
    accountedFor: boolean;
    unreconciledBatches: string[];
  };
  rejections: Record<string, number>;
  stages: Record<string, Record<string, number>>;
  deadLetters: Record<string, number>;
  events: Record<string, number>;
}

const sum = (counts: EventCount[], type: string): number =>
  counts.filter((c) => c.type === type).reduce((n, c) => n + c.count, 0);

const byKey = (counts: EventCount[], type: string, key: 'reason' | 'consumer'): Record<string, number> =>
  counts
    .filter((c) => c.type === type)
    .reduce<Record<string, number>>((acc, c) => ({ ...acc, [c[key] ?? 'UNKNOWN']: (acc[c[key] ?? 'UNKNOWN'] ?? 0) + c.count }), {});

/** Counts per stage and outcome, straight from the event store (the complete history). */
@Injectable()
export class StatusService {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly store: EventStore,
  ) {}

  async status(): Promise<PipelineStatus> {
    const schema = (this.store as PostgresEventStore).schema;
    const counts = await countEvents(this.sql, schema);
    const ingested = sum(counts, INSTANCE_INGESTED);
    const rejected = sum(counts, INSTANCE_REJECTED);
    const duplicates = sum(counts, INSTANCE_DUPLICATED);
    const found = await filesFound(this.sql, schema);
    const unreconciled = (await reconcileBatches(this.sql, schema)).filter((b) => b.filesFound !== b.outcomes).map((b) => b.batchId);
    const received = ingested + rejected + duplicates;
    const deadLetters = byKey(counts, MESSAGE_DEAD_LETTERED, 'consumer');
    const indexed = sum(counts, INSTANCE_INDEXED);
    return {
      inputs: { filesFound: found, received, ingested, rejected, duplicates, accountedFor: unreconciled.length === 0, unreconciledBatches: unreconciled },
      rejections: byKey(counts, INSTANCE_REJECTED, 'reason'),
      stages: {
        ingest: { ingested, rejected, duplicates },
        indexer: { indexed, deadLettered: deadLetters['indexer'] ?? 0, pending: Math.max(0, ingested - indexed - (deadLetters['indexer'] ?? 0)) },
      },
      deadLetters,
      events: Object.fromEntries([...new Set(counts.map((c) => c.type))].map((t) => [t, sum(counts, t)])),
    };
  }
}
