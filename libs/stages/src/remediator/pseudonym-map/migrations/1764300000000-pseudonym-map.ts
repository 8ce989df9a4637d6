import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The remediator's pseudonym map: original → pseudonym for Patient IDs and UIDs. The
 * original is stored only encrypted; `lookup` is a keyed hash of it. A Patient ID maps to
 * one pseudonym per issuer, so the pair (lookup, pseudonym) is what is unique.
 */
export class PseudonymMap1764300000000 implements MigrationInterface {
  name = 'PseudonymMap1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
create table pseudonym_map (
  seq bigserial not null,
  kind text not null check (kind in ('patient-id', 'uid')),
  lookup text not null,
  pseudonym text not null,
  original_sealed text not null,
  recorded_at timestamptz not null default now(),
  primary key (kind, lookup, pseudonym));
create index pseudonym_map_order on pseudonym_map(kind, seq);
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table pseudonym_map');
  }
}
