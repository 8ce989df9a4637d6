import { MigrationInterface, QueryRunner } from 'typeorm';
import { EventStoreError } from '../errors';
import { checkSchemaName, DEFAULT_SCHEMA } from '../postgres/schema-name';

/**
 * Group commit: many appends (to different streams) in one statement and one transaction.
 * Each entry runs gantry_append() in its own subtransaction, so one entry's conflict
 * (wrong version, stale tail, lost race) is reported for that entry alone while the others
 * commit. The embedded database pays per statement far more than per row, which makes this
 * the difference between tens and hundreds of instances per second.
 */
export class AppendMany1764200000000 implements MigrationInterface {
  name = 'AppendMany1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = `"${checkSchemaName(queryRunner.connection.driver.schema ?? DEFAULT_SCHEMA)}"`;
    await queryRunner.query(`
CREATE OR REPLACE FUNCTION ${s}.gantry_append_many(p_batch jsonb)
RETURNS TABLE (idx integer, stream_version integer, tail_hash text, duplicate boolean, err_code text, err_detail text)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_entry jsonb;
  v_idx integer := 0;
  v_row record;
  v_code text;
  v_detail text;
BEGIN
  FOR v_entry IN SELECT x.e FROM jsonb_array_elements(p_batch) AS x(e) LOOP
    BEGIN
      SELECT * INTO v_row FROM ${s}.gantry_append(
        v_entry ->> 'stream', v_entry ->> 'expected', (v_entry ->> 'tailVersion')::integer,
        v_entry ->> 'tailHash', v_entry -> 'events');
      RETURN QUERY SELECT v_idx, v_row.stream_version, v_row.tail_hash, v_row.duplicate, NULL::text, NULL::text;
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS v_code = RETURNED_SQLSTATE, v_detail = PG_EXCEPTION_DETAIL;
      RETURN QUERY SELECT v_idx, NULL::integer, NULL::text, NULL::boolean, v_code, v_detail;
    END;
    v_idx := v_idx + 1;
  END LOOP;
END
$fn$`);
  }

  async down(): Promise<void> {
    throw new EventStoreError('IRREVERSIBLE', 'the event store schema is never rolled back');
  }
}
