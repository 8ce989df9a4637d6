import { Sql } from '@gantry/platform';
import { MapKind } from './map-cipher';

export interface SealedRow {
  kind: MapKind;
  lookup: string;
  pseudonym: string;
  sealed: string;
}

/**
 * One statement for all of an instance's rows. A row already there (the same original
 * met in another instance, or a redelivery) is left as it was: its sealed original
 * decrypts to the same text.
 */
const INSERT = `
insert into pseudonym_map (kind, lookup, pseudonym, original_sealed)
select * from unnest($1::text[], $2::text[], $3::text[], $4::text[])
on conflict (kind, lookup, pseudonym) do nothing`;

export async function insertRows(sql: Sql, rows: readonly SealedRow[]): Promise<void> {
  if (rows.length === 0) return;
  await sql.query(INSERT, [rows.map((r) => r.kind), rows.map((r) => r.lookup), rows.map((r) => r.pseudonym), rows.map((r) => r.sealed)]);
}

const PAGE = `
select seq::text as seq, lookup, pseudonym, original_sealed as sealed from pseudonym_map
where kind = $1 and seq > $2::bigint order by seq limit $3`;

/** One page of a kind's rows in the order they were first recorded (keyset by seq). */
export async function pageOfRows(sql: Sql, kind: MapKind, afterSeq: string, limit: number): Promise<(Omit<SealedRow, 'kind'> & { seq: string })[]> {
  return sql.query<Omit<SealedRow, 'kind'> & { seq: string }>(PAGE, [kind, afterSeq, limit]);
}
