import { DataSource } from 'typeorm';
import { MigrationSet, runMigrations, Sql } from '@gantry/platform';
import { CatalogSchema1764100000000 } from './migrations/1764100000000-catalog-schema';

/**
 * The catalog is the indexer's internal read model. It holds PHI (names, IDs, UIDs) and is
 * never exposed on the bus. Every row remembers the order key of the event it came from
 * (ingest time, then event id) and an upsert only wins with a lower one, so the result does
 * not depend on the order concurrent handlers ran in: replaying the store rebuilds it identically.
 */
export const CATALOG_TABLES = ['catalog_instances', 'catalog_series', 'catalog_studies', 'catalog_patients', 'catalog_devices'] as const;

export const CATALOG_MIGRATIONS: MigrationSet = {
  name: 'catalog',
  table: 'catalog_migrations',
  migrations: [CatalogSchema1764100000000],
};

/** Brings the catalog tables up to date; safe to run from several replicas at once. */
export async function ensureCatalogSchema(dataSource: DataSource): Promise<void> {
  await runMigrations(dataSource, CATALOG_MIGRATIONS);
}
/** Empties the read model before a replay. DELETE rather than DROP keeps the schema owned by migrations. */
export async function clearCatalog(sql: Sql): Promise<void> {
  await sql.transaction(async (tx) => {
    for (const table of CATALOG_TABLES) await tx.query(`delete from ${table}`);
  });
}
