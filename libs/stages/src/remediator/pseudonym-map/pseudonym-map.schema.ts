import { DataSource } from 'typeorm';
import { MigrationSet, runMigrations } from '@gantry/platform';
import { PseudonymMap1764300000000 } from './migrations/1764300000000-pseudonym-map';

export const PSEUDONYM_MAP_MIGRATIONS: MigrationSet = {
  name: 'pseudonym-map',
  table: 'pseudonym_map_migrations',
  migrations: [PseudonymMap1764300000000],
};

const LATEST = new PseudonymMap1764300000000().name;

/** Whether the newest migration is recorded already; false when the bookkeeping table is missing too. */
async function upToDate(dataSource: DataSource): Promise<boolean> {
  try {
    const rows = (await dataSource.query(`select 1 from ${PSEUDONYM_MAP_MIGRATIONS.table} where name = $1`, [LATEST])) as unknown[];
    return rows.length > 0;
  } catch {
    return false;
  }
}

/**
 * Brings the map's table up to date; safe from several replicas at once. Every CLI command
 * boots the stage, so the common case (nothing pending) is one query on the shared
 * connection instead of a migration run on a connection of its own.
 */
export async function ensurePseudonymMapSchema(dataSource: DataSource): Promise<void> {
  if (await upToDate(dataSource)) return;
  await runMigrations(dataSource, PSEUDONYM_MAP_MIGRATIONS);
}
