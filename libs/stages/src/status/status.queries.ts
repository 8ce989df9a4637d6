import { qualified, Sql } from '@gantry/platform';

export interface EventCount {
  type: string;
  /** The payload's `reason` (rejections, blocks, holds, dead letters), when it has one. */
  reason: string | null;
  consumer: string | null;
  count: number;
}

/** Counts of every event type, split by reason code and dead-letter consumer. No values: codes only. */
export async function countEvents(sql: Sql, schema: string): Promise<EventCount[]> {
  const rows = await sql.query<{ type: string; reason: string | null; consumer: string | null; count: string }>(
    `select type, data->>'reason' as reason, data->>'consumer' as consumer, count(*)::bigint as count
     from ${qualified(schema, 'events')} group by 1, 2, 3 order by 1, 2, 3`,
  );
  return rows.map((r) => ({ type: r.type, reason: r.reason, consumer: r.consumer, count: Number(r.count) }));
}

/** Files found by every import batch: the denominator of "every input is accounted for". */
export async function filesFound(sql: Sql, schema: string): Promise<number> {
  const rows = await sql.query<{ files: string | null }>(
    `select sum((data->>'filesFound')::bigint) as files from ${qualified(schema, 'events')} where type = 'gantry.import.completed.v1'`,
  );
  return Number(rows[0]?.files ?? 0);
}

export interface BatchReconciliation {
  batchId: string;
  filesFound: number;
  /** Outcome events recorded for inputs of this batch. */
  outcomes: number;
}

/**
 * Per import batch: files found (from its ImportCompleted) against outcome events carrying
 * the batch id. They match when every file of the batch was accounted for.
 */
export async function reconcileBatches(sql: Sql, schema: string): Promise<BatchReconciliation[]> {
  const events = qualified(schema, 'events');
  const rows = await sql.query<{ batch_id: string; files: string; outcomes: string }>(
    `select c.data->>'batchId' as batch_id, (c.data->>'filesFound')::bigint as files,
       (select count(*) from ${events} o where o.data->>'batchId' = c.data->>'batchId'
          and o.type in ('gantry.instance.ingested.v1', 'gantry.instance.rejected.v1', 'gantry.instance.duplicated.v1')) as outcomes
     from ${events} c where c.type = 'gantry.import.completed.v1' order by c.global_position`,
  );
  return rows.map((r) => ({ batchId: r.batch_id, filesFound: Number(r.files), outcomes: Number(r.outcomes) }));
}

/**
 * Instances whose latest redaction outcome is a hold (a later Redacted releases them), and
 * whose latest export outcome is a block (a later Exported clears it).
 */
export async function currentlyHeldAndBlocked(sql: Sql, schema: string): Promise<{ held: number; blocked: number }> {
  const events = qualified(schema, 'events');
  const latest = (types: string[]) => `
    select count(*) as n from (
      select distinct on (stream_id) stream_id, type from ${events}
      where type in (${types.map((t) => `'${t}'`).join(', ')})
      order by stream_id, global_position desc) t where t.type = '${types[0]}'`;
  const [held] = await sql.query<{ n: string }>(latest(['gantry.instance.redaction-held.v1', 'gantry.instance.redacted.v1']));
  const [blocked] = await sql.query<{ n: string }>(latest(['gantry.instance.export-blocked.v1', 'gantry.instance.exported.v1']));
  return { held: Number(held?.n ?? 0), blocked: Number(blocked?.n ?? 0) };
}
