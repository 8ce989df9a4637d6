import { Inject, Injectable } from '@nestjs/common';
import {
  INSTANCE_DUPLICATED,
  INSTANCE_EXPORTED,
  INSTANCE_INDEXED,
  INSTANCE_INGESTED,
  INSTANCE_REDACTED,
  INSTANCE_REMEDIATED,
  PHI_FOUND,
  REDACTION_HELD,
  INSTANCE_REJECTED,
  MESSAGE_DEAD_LETTERED,
} from '@gantry/domain';
import { EventStore, PostgresEventStore, SQL, Sql } from '@gantry/platform';
import { countEvents, currentlyHeldAndBlocked, EventCount, filesFound, reconcileBatches } from './status.queries';

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
    const { held, blocked } = await currentlyHeldAndBlocked(this.sql, schema);
    return {
      inputs: { filesFound: found, received, ingested, rejected, duplicates, accountedFor: unreconciled.length === 0, unreconciledBatches: unreconciled },
      rejections: byKey(counts, INSTANCE_REJECTED, 'reason'),
      stages: stageCounts(counts, deadLetters, { ingested, rejected, duplicates, held, blocked }),
      deadLetters,
      events: Object.fromEntries([...new Set(counts.map((c) => c.type))].map((t) => [t, sum(counts, t)])),
    };
  }
}

interface Totals {
  ingested: number;
  rejected: number;
  duplicates: number;
  held: number;
  blocked: number;
}

/**
 * Per stage: what it produced and what still waits for it. An instance waits for a stage
 * when the previous stage produced it and this one has neither answered nor dead-lettered it.
 */
function stageCounts(counts: EventCount[], dead: Record<string, number>, t: Totals): PipelineStatus['stages'] {
  const indexed = sum(counts, INSTANCE_INDEXED);
  const inspected = sum(counts, PHI_FOUND);
  const remediated = sum(counts, INSTANCE_REMEDIATED);
  const redacted = sum(counts, INSTANCE_REDACTED);
  const exported = sum(counts, INSTANCE_EXPORTED);
  const holds = sum(counts, REDACTION_HELD);
  const pending = (upstream: number, done: number, consumer: string) => Math.max(0, upstream - done - (dead[consumer] ?? 0));
  return {
    ingest: { ingested: t.ingested, rejected: t.rejected, duplicates: t.duplicates },
    indexer: { indexed, deadLettered: dead['indexer'] ?? 0, pending: pending(t.ingested, indexed, 'indexer') },
    inspector: { inspected, deadLettered: dead['inspector'] ?? 0, pending: pending(indexed, inspected, 'inspector') },
    remediator: { remediated, deadLettered: dead['remediator'] ?? 0, pending: pending(inspected, remediated, 'remediator') },
    redactor: { redacted, held: t.held, deadLettered: dead['redactor'] ?? 0, pending: pending(remediated, redacted + holds, 'redactor') },
    exporter: { exported, blocked: t.blocked, deadLettered: dead['exporter'] ?? 0 },
  };
}
