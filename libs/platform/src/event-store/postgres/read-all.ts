import { EventStoreError } from '../errors';
import { Checkpoint, ReadAllBatch, ReadAllOptions, StoredEvent } from '../event-store.port';
import { EVENT_COLUMNS, EventRow, toBigInt, toStoredEvent } from './event-rows';
import { qualified } from './schema-name';
import { SqlClient } from './sql-client';

export const DEFAULT_READ_LIMIT = 500;
const MAX_READ_LIMIT = 10_000;

/**
 * Commit order without gaps. Events sort by (transaction_id, global_position), and a read
 * only returns rows whose transaction is older than the oldest transaction still running
 * (the snapshot's xmin): every such transaction has ended, so no row can later appear
 * before the returned ones. An event whose transaction began first but commits last has
 * the smaller transaction id and holds the horizon back until it commits; it is then
 * read after the checkpoint, never skipped.
 *
 * One statement, so the page, the horizon and the tip share one snapshot. The tip is the
 * last visible row below the horizon: a read that exhausts its matches may move its
 * checkpoint there, past rows the type filter skipped. `held` says whether visible rows
 * wait at or above the horizon: a reader that found nothing is then not caught up. It
 * compares the newest row's transaction (one backward index step) with the horizon; an
 * EXISTS over the range would be planned as a scan of the whole table.
 */
const readAllSql = (schema: string, filtered: boolean): string => {
  const events = qualified(schema, 'events');
  const below = 'e.transaction_id < (SELECT xmin FROM horizon)';
  const after = '(e.transaction_id, e.global_position) > ($1::xid8, $2::bigint)';
  const order = 'ORDER BY e.transaction_id, e.global_position LIMIT $3';
  // Per type, the (type, transaction_id, global_position) index yields that type's rows
  // in commit order directly; the lateral join merges the per-type heads.
  const page = filtered
    ? `SELECT x.* FROM unnest($4::text[]) AS t(type) CROSS JOIN LATERAL (
         SELECT ${EVENT_COLUMNS} FROM ${events} e WHERE e.type = t.type AND ${after} AND ${below} ${order}
       ) x ORDER BY x.transaction_id, x.global_position LIMIT $3`
    : `SELECT ${EVENT_COLUMNS} FROM ${events} e WHERE ${after} AND ${below} ${order}`;
  return `WITH horizon AS MATERIALIZED (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
    page AS (${page}),
    tip AS (SELECT e.transaction_id AS tip_transaction_id, e.global_position AS tip_global_position
              FROM ${events} e WHERE ${below}
             ORDER BY e.transaction_id DESC, e.global_position DESC LIMIT 1),
    held AS (SELECT coalesce((SELECT e.transaction_id FROM ${events} e ORDER BY e.transaction_id DESC LIMIT 1) >= (SELECT xmin FROM horizon), false) AS held)
    SELECT page.*, tip.*, held.held FROM held LEFT JOIN tip ON true LEFT JOIN page ON true
     ORDER BY page.transaction_id, page.global_position`;
};

type Nullable<T> = { [K in keyof T]: T[K] | null };
type ReadAllRow = Nullable<EventRow> & { tip_transaction_id: string | null; tip_global_position: string | null; held: boolean };

export class AllStreamReader {
  private readonly sql: string;
  private readonly filteredSql: string;

  constructor(
    private readonly db: SqlClient,
    schema: string,
  ) {
    this.sql = readAllSql(schema, false);
    this.filteredSql = readAllSql(schema, true);
  }

  async read(options: ReadAllOptions = {}): Promise<ReadAllBatch> {
    const after = options.after ?? null;
    const limit = checkLimit(options.limit ?? DEFAULT_READ_LIMIT);
    const start = [String(after?.transactionId ?? 0n), String(after?.globalPosition ?? 0n), limit];
    const rows = options.types
      ? await this.db.query<ReadAllRow>(this.filteredSql, [...start, [...options.types]])
      : await this.db.query<ReadAllRow>(this.sql, start);
    const events = rows.filter(isEventRow).map(toStoredEvent);
    return { events, checkpoint: nextCheckpoint(after, events, limit, rows[0]), held: rows[0]?.held === true };
  }
}

/**
 * A full page may have more behind it, so it resumes after its last event; a short page
 * saw everything below the horizon, matched or not, so it resumes at the tip.
 */
function nextCheckpoint(after: Checkpoint | null, events: StoredEvent[], limit: number, row: ReadAllRow | undefined): Checkpoint | null {
  const last = events[events.length - 1];
  if (last && events.length >= limit) return { transactionId: last.transactionId, globalPosition: last.globalPosition };
  if (!row || row.tip_transaction_id === null || row.tip_global_position === null) return after;
  const tip = { transactionId: toBigInt(row.tip_transaction_id), globalPosition: toBigInt(row.tip_global_position) };
  return after && compareCheckpoints(after, tip) >= 0 ? after : tip;
}

export function compareCheckpoints(a: Checkpoint, b: Checkpoint): number {
  if (a.transactionId !== b.transactionId) return a.transactionId < b.transactionId ? -1 : 1;
  if (a.globalPosition !== b.globalPosition) return a.globalPosition < b.globalPosition ? -1 : 1;
  return 0;
}

const isEventRow = (row: ReadAllRow): row is ReadAllRow & EventRow => row.event_id !== null;

function checkLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_READ_LIMIT) {
    throw new EventStoreError('INVALID_LIMIT', `limit must be an integer from 1 to ${MAX_READ_LIMIT}`);
  }
  return limit;
}
