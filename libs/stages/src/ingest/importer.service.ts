import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Injectable } from '@nestjs/common';
import { IMPORT_COMPLETED, ImportCompletedData, newEvent } from '@gantry/domain';
import { EventStore } from '@gantry/platform';
import { IngestService } from './ingest.service';
import { IngestOutcome } from './ingest-outcome';
import { walkFiles } from './walk-files';

export interface ImportProgress {
  filesFound: number;
  done: number;
  ingested: number;
  rejected: number;
  duplicates: number;
}

export interface ImportOptions {
  concurrency?: number;
  onProgress?: (p: Readonly<ImportProgress>) => void;
}

export interface ImportSummary extends ImportProgress {
  batchId: string;
  reasons: Record<string, number>;
}

/**
 * Imports files and folders. Every file found gets exactly one outcome, and the batch
 * ends with an ImportCompleted event whose counts reconcile: found = ingested + rejected + duplicates.
 */
@Injectable()
export class ImporterService {
  constructor(
    private readonly ingest: IngestService,
    private readonly store: EventStore,
  ) {}

  async importPaths(paths: readonly string[], options: ImportOptions = {}): Promise<ImportSummary> {
    const batchId = randomUUID();
    const summary: ImportSummary = { batchId, filesFound: 0, done: 0, ingested: 0, rejected: 0, duplicates: 0, reasons: {} };
    const running = new Set<Promise<void>>();
    const limit = Math.max(1, options.concurrency ?? 4);
    for await (const file of walkFiles(paths)) {
      summary.filesFound++;
      const task = this.importFile(file, batchId).then((outcome) => {
        record(summary, outcome);
        options.onProgress?.(summary);
      });
      running.add(task);
      // Settle-only bookkeeping; failures surface through race/all below, not here.
      const forget = (): boolean => running.delete(task);
      task.then(forget, forget);
      if (running.size >= limit) await Promise.race(running);
    }
    await Promise.all(running);
    await this.complete(summary);
    return summary;
  }

  private async importFile(file: string, batchId: string): Promise<IngestOutcome> {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch {
      return this.ingest.rejectUnreadable(file, { source: 'file', batchId });
    }
    return this.ingest.ingest(bytes, { source: 'file', batchId });
  }

  private async complete(s: ImportSummary): Promise<void> {
    const data: ImportCompletedData = {
      batchId: s.batchId, filesFound: s.filesFound, ingested: s.ingested, rejected: s.rejected, duplicates: s.duplicates,
    };
    const event = newEvent({ type: IMPORT_COMPLETED, source: 'gantry/ingest', subject: s.batchId, data });
    await this.store.append(`import-${s.batchId}`, [event], { expectedVersion: 'no_stream' });
  }
}

function record(s: ImportSummary, o: IngestOutcome): void {
  s.done++;
  if (o.kind === 'ingested') s.ingested++;
  else if (o.kind === 'duplicate') s.duplicates++;
  else {
    s.rejected++;
    s.reasons[o.reason] = (s.reasons[o.reason] ?? 0) + 1;
  }
}
