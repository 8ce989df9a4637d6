import { BlockReason, EXPORT_BLOCKED, INSTANCE_EXPORTED, INSTANCE_INGESTED, INSTANCE_REDACTED, MESSAGE_DEAD_LETTERED, REDACTION_HELD } from '@gantry/domain';
import { qualified, Sql } from '@gantry/platform';

export interface ExportedRow {
  key: string;
  location: string | null;
  sha256: string;
  size: number;
  configVersion: number;
  time: string;
}

/** Every Exported event of one destination, oldest first: what the destination holds. */
export async function exportedTo(sql: Sql, schema: string, destination: string): Promise<ExportedRow[]> {
  const rows = await sql.query<{ data: Record<string, unknown>; time: string }>(
    `select data, metadata->>'time' as time from ${qualified(schema, 'events')}
     where type = $1 and data->'destination'->>'name' = $2 order by global_position`,
    [INSTANCE_EXPORTED, destination],
  );
  return rows.map((r) => ({
    key: String(r.data['key']),
    location: typeof r.data['location'] === 'string' ? r.data['location'] : null,
    sha256: String(r.data['sha256']),
    size: Number(r.data['size']),
    configVersion: Number(r.data['configVersion']),
    time: r.time,
  }));
}

/** Ids of the Redacted events that are each instance's current redaction outcome (not since held again). */
export async function readyRedactions(sql: Sql, schema: string): Promise<string[]> {
  const rows = await sql.query<{ event_id: string; type: string }>(
    `select distinct on (stream_id) event_id, type from ${qualified(schema, 'events')}
     where type in ($1, $2) order by stream_id, global_position desc`,
    [INSTANCE_REDACTED, REDACTION_HELD],
  );
  return rows.filter((r) => r.type === INSTANCE_REDACTED).map((r) => r.event_id);
}

export interface OutcomeRow {
  stream: string;
  type: string;
  data: { destination?: { name?: string }; reasons?: BlockReason[]; reason?: string };
}

/**
 * The redaction and export outcomes, and dead letters, of the instances first ingested
 * in one import batch, in commit order.
 */
export async function batchOutcomes(sql: Sql, schema: string, batchId: string): Promise<OutcomeRow[]> {
  const events = qualified(schema, 'events');
  return sql.query<OutcomeRow>(
    `with batch as (select stream_id from ${events} where type = $1 and data->>'batchId' = $2)
     select o.stream_id as stream, o.type, o.data, o.global_position as pos from ${events} o join batch b on b.stream_id = o.stream_id
     where o.type in ($3, $4, $5, $6)
     union all
     select c.stream_id as stream, d.type, d.data, d.global_position as pos from ${events} d
       join ${events} c on c.event_id = (d.data->>'eventId')::uuid
       join batch b on b.stream_id = c.stream_id
     where d.type = $7
     order by pos`,
    [INSTANCE_INGESTED, batchId, INSTANCE_REDACTED, REDACTION_HELD, INSTANCE_EXPORTED, EXPORT_BLOCKED, MESSAGE_DEAD_LETTERED],
  );
}

/** How many instances the batch ingested (new instances only; duplicates and rejections are the importer's count). */
export async function batchIngested(sql: Sql, schema: string, batchId: string): Promise<number> {
  const [row] = await sql.query<{ n: string }>(
    `select count(*) as n from ${qualified(schema, 'events')} where type = $1 and data->>'batchId' = $2`,
    [INSTANCE_INGESTED, batchId],
  );
  return Number(row?.n ?? 0);
}
