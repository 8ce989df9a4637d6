import { INSTANCE_REDACTED, REDACTION_HELD } from '@gantry/domain';
import { qualified, Sql } from '@gantry/platform';

/**
 * Instance keys whose latest redaction outcome is a hold recorded under a configuration
 * version older than `version`: the instances a new rule set must re-evaluate. A hold
 * re-recorded under `version` (still held after re-evaluation) drops out, so a release
 * that is interrupted and redelivered resumes where it stopped. Keys only, no values.
 */
export async function heldBefore(sql: Sql, schema: string, version: number): Promise<string[]> {
  const rows = await sql.query<{ key: string }>(
    `select t.data->>'key' as key from (
       select distinct on (stream_id) stream_id, type, data from ${qualified(schema, 'events')}
       where type = any($1::text[]) order by stream_id, global_position desc) t
     where t.type = $2 and (t.data->>'configVersion')::int < $3
     order by t.stream_id`,
    [[REDACTION_HELD, INSTANCE_REDACTED], REDACTION_HELD, version],
  );
  return rows.map((r) => r.key);
}

/** How many instances are held now (latest redaction outcome is a hold). */
export async function heldCount(sql: Sql, schema: string): Promise<number> {
  const rows = await sql.query<{ n: string }>(
    `select count(*) as n from (
       select distinct on (stream_id) stream_id, type from ${qualified(schema, 'events')}
       where type = any($1::text[]) order by stream_id, global_position desc) t
     where t.type = $2`,
    [[REDACTION_HELD, INSTANCE_REDACTED], REDACTION_HELD],
  );
  return Number(rows[0]?.n ?? 0);
}
