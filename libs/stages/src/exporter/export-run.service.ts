import { Inject, Injectable } from '@nestjs/common';
import { ExportDestination, INSTANCE_REDACTED } from '@gantry/domain';
import { EventStore, PostgresEventStore, SQL, Sql } from '@gantry/platform';
import { RedactedEvent } from './export-check.service';
import { batchOutcomesOf, BatchOutcomes } from './export-outcomes';
import { batchIngested, batchOutcomes, readyRedactions } from './export.queries';
import { ExportOutcome, ExportService } from './export.service';

export interface ExportReadySummary {
  ready: number;
  exported: number;
  alreadyExported: number;
  blocked: number;
  reasons: Record<string, number>;
}

export interface ExportReadyOptions {
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

function tally(s: ExportReadySummary, o: ExportOutcome): void {
  if (o.kind === 'exported') s.exported++;
  else if (o.kind === 'already-exported') s.alreadyExported++;
  else if (o.kind === 'blocked') {
    s.blocked++;
    for (const r of o.reasons) s.reasons[r] = (s.reasons[r] ?? 0) + 1;
  }
}

/** Whole-run views of the exporter for the command line: outcomes of an import batch, and re-export of what is ready. */
@Injectable()
export class ExportRunService {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly store: EventStore,
    private readonly exporter: ExportService,
  ) {}

  private get schema(): string {
    return (this.store as PostgresEventStore).schema;
  }

  /** Where the instances that one import batch ingested ended, for one destination. */
  async batchOutcomes(batchId: string, destination: string): Promise<BatchOutcomes & { ingested: number }> {
    const ingested = await batchIngested(this.sql, this.schema, batchId);
    const rows = await batchOutcomes(this.sql, this.schema, batchId);
    return { ...batchOutcomesOf(rows, ingested, destination), ingested };
  }

  /**
   * Exports every instance whose current redaction outcome is Redacted to one destination,
   * through the same just-in-time check. Instances already exported there are skipped.
   */
  async exportReady(destination: ExportDestination, options: ExportReadyOptions = {}): Promise<ExportReadySummary> {
    const ids = await readyRedactions(this.sql, this.schema);
    const summary: ExportReadySummary = { ready: ids.length, exported: 0, alreadyExported: 0, blocked: 0, reasons: {} };
    let next = 0;
    let done = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < ids.length; i = next++) {
        const stored = await this.store.findEvent(ids[i] as string);
        if (stored?.event.type === INSTANCE_REDACTED) tally(summary, await this.exporter.export(stored.event as RedactedEvent, [destination]));
        options.onProgress?.(++done, ids.length);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker));
    return summary;
  }
}
