import { EXPORT_BLOCKED, INSTANCE_EXPORTED, INSTANCE_REDACTED, PHI_FOUND, REDACTION_HELD } from '@gantry/domain';
import { qualified, Sql } from '@gantry/platform';

export interface RuleCount {
  rule: string;
  action: string;
  reason: string;
  count: number;
}

/**
 * Findings by rule, action and reason over each instance's latest inspection (a
 * re-inspection under a newer configuration replaces the earlier one).
 */
export async function findingsByRule(sql: Sql, schema: string): Promise<RuleCount[]> {
  const events = qualified(schema, 'events');
  const rows = await sql.query<{ rule: string; action: string; reason: string; n: string }>(
    `with latest as (select distinct on (stream_id) data from ${events} where type = $1 order by stream_id, global_position desc)
     select f->>'rule' as rule, f->>'action' as action, f->>'reason' as reason, count(*) as n
     from latest, jsonb_array_elements(latest.data->'findings') f group by 1, 2, 3 order by 4 desc, 1, 2, 3`,
    [PHI_FOUND],
  );
  return rows.map((r) => ({ rule: r.rule, action: r.action, reason: r.reason, count: Number(r.n) }));
}

/** Planned actions by kind over each instance's latest inspection (counts cover truncated finding lists too). */
export async function actionTotals(sql: Sql, schema: string): Promise<Record<string, number>> {
  const events = qualified(schema, 'events');
  const rows = await sql.query<{ action: string; n: string }>(
    `with latest as (select distinct on (stream_id) data from ${events} where type = $1 order by stream_id, global_position desc)
     select c.key as action, sum((c.value)::bigint) as n from latest, jsonb_each_text(latest.data->'counts') c group by 1 order by 1`,
    [PHI_FOUND],
  );
  return Object.fromEntries(rows.map((r) => [r.action, Number(r.n)]));
}

export interface OutcomeListRow {
  key: string;
  time: string;
  data: Record<string, unknown>;
}

/**
 * Instances whose latest outcome among `[wanted, releasing]` is `wanted`: held (no later
 * Redacted), blocked (no later Exported).
 */
export async function currentOutcomes(sql: Sql, schema: string, wanted: string, releasing: string): Promise<OutcomeListRow[]> {
  const rows = await sql.query<{ type: string; data: Record<string, unknown>; time: string }>(
    `select * from (select distinct on (stream_id) type, data, metadata->>'time' as time from ${qualified(schema, 'events')}
       where type in ($1, $2) order by stream_id, global_position desc) t where t.type = $1 order by t.time`,
    [wanted, releasing],
  );
  return rows.map((r) => ({ key: String(r.data['key']), time: r.time, data: r.data }));
}

export const heldNow = (sql: Sql, schema: string): Promise<OutcomeListRow[]> => currentOutcomes(sql, schema, REDACTION_HELD, INSTANCE_REDACTED);
export const blockedNow = (sql: Sql, schema: string): Promise<OutcomeListRow[]> => currentOutcomes(sql, schema, EXPORT_BLOCKED, INSTANCE_EXPORTED);
