import { DataSource, DataSourceOptions, MigrationInterface } from 'typeorm';
import { GantryError } from '@gantry/domain';

export class MigrationError extends GantryError {}

export interface MigrationSet {
  /** Owner of the tables, e.g. 'catalog'; also names the advisory lock. */
  name: string;
  /** TypeORM's bookkeeping table for this set, so sets never interleave. */
  table: string;
  migrations: ReadonlyArray<new () => MigrationInterface>;
}

/** Within one process the advisory lock is not enough: PGlite's connections share one session. */
let inProcess: Promise<void> = Promise.resolve();

/**
 * Runs a read model's TypeORM migrations against the database `base` points at, through a
 * short-lived DataSource carrying only this set, under a cluster-wide advisory lock: any
 * number of replicas may call it at boot; the first applies, the others find nothing pending.
 */
export function runMigrations(base: DataSource, set: MigrationSet): Promise<void> {
  const run = inProcess.then(() => migrate(base, set));
  inProcess = run.catch(() => undefined);
  return run;
}

async function migrate(base: DataSource, set: MigrationSet): Promise<void> {
  const options = {
    ...base.options,
    poolSize: 2,
    migrations: [...set.migrations],
    migrationsTableName: set.table,
    migrationsRun: false,
    name: `migrations-${set.name}`,
  } as DataSourceOptions;
  const ds = new DataSource(options);
  try {
    await ds.initialize();
    const runner = ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('select pg_advisory_lock(hashtext($1))', [`gantry.migrations.${set.name}`]);
      await ds.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('select pg_advisory_unlock(hashtext($1))', [`gantry.migrations.${set.name}`]).catch(() => undefined);
      await runner.release();
    }
  } catch (e) {
    throw new MigrationError('MIGRATION_FAILED', `migrations of ${set.name} failed`, { cause: e });
  } finally {
    if (ds.isInitialized) await ds.destroy();
  }
}
