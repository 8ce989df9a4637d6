import { DataSource } from 'typeorm';
import { EventStoreError } from '../errors';
import { checkSchemaName } from './schema-name';

/** Advisory lock class id for event store migrations ("gEsM"); the object id is the schema's hash. */
const MIGRATION_LOCK_CLASS = 0x6745734d;

const LOCK_SQL = 'SELECT pg_advisory_lock($1, hashtext($2))';
const UNLOCK_SQL = 'SELECT pg_advisory_unlock($1, hashtext($2))';
const SCHEMA_EXISTS_SQL = 'SELECT 1 FROM pg_namespace WHERE nspname = $1';

/**
 * Within one process the advisory lock is not enough: on PGlite every connection is the
 * same backend session, and a session re-enters its own advisory lock.
 */
let inProcess: Promise<void> = Promise.resolve();

/**
 * Runs the pending migrations of `dataSource` under a cluster-wide advisory lock, so any
 * number of processes may call it at boot: the first applies, the others wait and then
 * find nothing pending. The lock is session-level on a connection of its own, which holds
 * it while TypeORM runs each migration in a transaction on another connection.
 */
export function migrateEventStore(dataSource: DataSource, schema: string): Promise<void> {
  const run = inProcess.then(() => migrateUnderAdvisoryLock(dataSource, schema));
  inProcess = run.catch(() => undefined);
  return run;
}

/** The cross-process half of migrateEventStore (exported for its test). */
export async function migrateUnderAdvisoryLock(dataSource: DataSource, schemaName: string): Promise<void> {
  const schema = checkSchemaName(schemaName);
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query(LOCK_SQL, [MIGRATION_LOCK_CLASS, schema]);
    try {
      // Checked first: CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even
      // when the schema exists, which a least-privilege service role may lack.
      const exists: unknown[] = await runner.query(SCHEMA_EXISTS_SQL, [schema]);
      if (exists.length === 0) await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query(UNLOCK_SQL, [MIGRATION_LOCK_CLASS, schema]);
    }
  } catch (e) {
    throw new EventStoreError('MIGRATION_FAILED', `event store migrations failed in schema ${schema}`, { cause: e });
  } finally {
    await runner.release();
  }
}
