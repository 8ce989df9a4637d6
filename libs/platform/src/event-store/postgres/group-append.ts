import { GantryEvent } from '@gantry/domain';
import { EventChain } from '../chain/event-chain';
import { StreamTailCache } from '../chain/stream-tail-cache';
import { ConcurrencyError, EventStoreError, PartialDuplicateError } from '../errors';
import { AppendResult, ExpectedVersion } from '../event-store.port';
import { expectedVersionParam, NEW_STREAM, parseTail, StreamAppender, validBatch } from './append';
import { metadataOf } from './event-rows';
import { qualified } from './schema-name';
import { SqlClient } from './sql-client';
import { SQL_STATE } from './sql-states';

interface Pending {
  streamId: string;
  expected: ExpectedVersion;
  events: readonly GantryEvent[];
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

interface ManyRow {
  idx: number;
  stream_version: number | null;
  tail_hash: string | null;
  duplicate: boolean | null;
  err_code: string | null;
  err_detail: string | null;
}

export interface GroupAppendOptions {
  /** Appends per statement. */
  maxBatch?: number;
  /** Statements in flight at once; appends arriving meanwhile wait and form the next batch. */
  maxInFlight?: number;
}

/**
 * Group commit. Appends issued while the database is busy are coalesced into one
 * gantry_append_many() statement, each entry in its own subtransaction, so one entry's
 * conflict does not fail the others. An entry that needs a retry (a stale cached tail, a
 * lost race to create its stream) falls back to the single-stream appender, which owns
 * the retry logic. Two appends to one stream never share a batch: the second one's chain
 * link depends on the first one's result.
 */
export class GroupAppender {
  private readonly queue: Pending[] = [];
  private readonly sql: string;
  private inFlight = 0;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;

  constructor(
    private readonly db: SqlClient,
    schema: string,
    private readonly chain: EventChain,
    private readonly tails: StreamTailCache,
    private readonly single: StreamAppender,
    options: GroupAppendOptions = {},
  ) {
    this.sql = `SELECT idx, stream_version, tail_hash, duplicate, err_code, err_detail FROM ${qualified(schema, 'gantry_append_many')}($1::jsonb)`;
    this.maxBatch = options.maxBatch ?? 64;
    this.maxInFlight = options.maxInFlight ?? 2;
  }

  append(streamId: string, events: readonly GantryEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    if (events.length === 0) return this.single.append(streamId, events, expected);
    // Invalid input fails the caller at once, before it can reach a shared statement.
    validBatch(events);
    expectedVersionParam(expected);
    return new Promise((resolve, reject) => {
      this.queue.push({ streamId, expected, events, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.take();
      this.inFlight++;
      // run() settles every entry itself; the catch only covers a bug in settling, and
      // rejecting an already settled promise is a no-op.
      void this.run(batch)
        .catch((e: unknown) => batch.forEach((p) => p.reject(e)))
        .finally(() => {
          this.inFlight--;
          this.pump();
        });
    }
  }

  /** Up to maxBatch entries, at most one per stream; the rest keep their order in the queue. */
  private take(): Pending[] {
    const batch: Pending[] = [];
    const streams = new Set<string>();
    for (let i = 0; i < this.queue.length && batch.length < this.maxBatch; ) {
      const p = this.queue[i];
      if (p && !streams.has(p.streamId)) {
        streams.add(p.streamId);
        batch.push(p);
        this.queue.splice(i, 1);
      } else i++;
    }
    return batch;
  }

  private async run(batch: Pending[]): Promise<void> {
    if (batch.length === 1) {
      const [only] = batch as [Pending];
      return this.single.append(only.streamId, only.events, only.expected).then(only.resolve, only.reject);
    }
    let rows: ManyRow[];
    try {
      rows = await this.db.query<ManyRow>(this.sql, [JSON.stringify(batch.map((p) => this.entry(p)))]);
    } catch (e) {
      for (const p of batch) p.reject(new EventStoreError('APPEND_FAILED', `append to stream ${p.streamId} failed`, { cause: e }));
      return;
    }
    await Promise.all(batch.map((p, i) => this.settle(p, rows.find((r) => r.idx === i))));
  }

  private entry(p: Pending): Record<string, unknown> {
    const envelopes = validBatch(p.events);
    const tail = this.tails.get(p.streamId) ?? NEW_STREAM;
    const hashes = this.chain.extend(p.streamId, tail, envelopes);
    return {
      stream: p.streamId,
      expected: expectedVersionParam(p.expected),
      tailVersion: tail.version,
      tailHash: tail.hash,
      events: envelopes.map((e, i) => ({ id: e.id, type: e.type, data: e.data, metadata: metadataOf(e), hash: hashes[i] })),
    };
  }

  private async settle(p: Pending, row: ManyRow | undefined): Promise<void> {
    if (!row) return p.reject(new EventStoreError('APPEND_FAILED', `append to stream ${p.streamId} returned no result`));
    if (row.err_code === null && row.stream_version !== null) {
      this.tails.set(p.streamId, { version: row.stream_version, hash: row.tail_hash });
      return p.resolve({ streamVersion: row.stream_version, duplicate: row.duplicate === true });
    }
    const code = row.err_code ?? '';
    if (code === SQL_STATE.WRONG_VERSION) {
      this.tails.forget(p.streamId);
      return p.reject(new ConcurrencyError(p.streamId, String(p.expected), Number(row.err_detail)));
    }
    if (code === SQL_STATE.PARTIAL_DUPLICATE) return p.reject(new PartialDuplicateError(p.streamId));
    if (code === SQL_STATE.STALE_TAIL || code === SQL_STATE.UNIQUE_VIOLATION) {
      if (code === SQL_STATE.STALE_TAIL) this.tails.set(p.streamId, parseTail(row.err_detail ?? undefined));
      else this.tails.forget(p.streamId);
      return this.single.append(p.streamId, p.events, p.expected).then(p.resolve, p.reject);
    }
    p.reject(new EventStoreError('APPEND_FAILED', `append to stream ${p.streamId} failed (SQLSTATE ${code})`));
  }
}
