import { KeyRing } from '@gantry/domain';
import { DataSource } from 'typeorm';
import { EmbeddedPostgres, EmbeddedPostgresConnection, EmbeddedPostgresOptions } from './embedded/embedded-postgres';
import { EVENT_STORE_MIGRATIONS, EVENT_STORE_MIGRATIONS_TABLE } from './migrations';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { checkSchemaName, DEFAULT_SCHEMA } from './postgres/schema-name';

/** A server by URL, or explicit settings (an EmbeddedPostgresConnection is one). */
export type PostgresEndpoint = { url: string } | (EmbeddedPostgresConnection & { password?: string });

/** A Postgres server by URL, or an embedded PGlite database in a directory. */
export type EventStoreTarget = { url: string } | { embedded: { dataDir: string } & EmbeddedPostgresOptions };

export interface CreateEventStoreOptions {
  /** Postgres schema for the store's tables (default `public`). */
  schema?: string;
  /** Pool size (default 10 on a server, 4 embedded, where statements run one at a time anyway). */
  poolSize?: number;
}

/** Connects, migrates and returns a ready store; close() releases everything it opened. */
export async function createEventStore(
  target: EventStoreTarget,
  keyRing: KeyRing,
  options: CreateEventStoreOptions = {},
): Promise<PostgresEventStore> {
  const schema = checkSchemaName(options.schema ?? DEFAULT_SCHEMA);
  if ('url' in target) {
    const dataSource = eventStoreDataSource({ url: target.url }, schema, options.poolSize ?? 10);
    return openStore(dataSource, keyRing, { schema, listen: { connectionString: target.url } });
  }
  const { dataDir, ...embeddedOptions } = target.embedded;
  const embedded = new EmbeddedPostgres(embeddedOptions);
  const connection = await embedded.start(dataDir);
  const dataSource = eventStoreDataSource(connection, schema, options.poolSize ?? 4);
  // Single-session PGlite delivers NOTIFY to the notifying connection only: no LISTEN.
  return openStore(dataSource, keyRing, { schema, listen: null, onClose: () => embedded.stop() });
}

/** The TypeORM DataSource the store runs on: pg driver, store migrations, no entities. */
export function eventStoreDataSource(connection: PostgresEndpoint, schema: string, poolSize: number): DataSource {
  const endpoint =
    'url' in connection
      ? { url: connection.url }
      : { host: connection.host, port: connection.port, username: connection.user, password: connection.password, database: connection.database };
  return new DataSource({
    type: 'postgres',
    ...endpoint,
    schema,
    // migrate() holds one connection for its advisory lock while TypeORM uses another.
    poolSize: Math.max(2, poolSize),
    applicationName: 'gantry-event-store',
    migrations: EVENT_STORE_MIGRATIONS,
    migrationsTableName: EVENT_STORE_MIGRATIONS_TABLE,
    migrationsRun: false,
    synchronize: false,
    logging: false,
  });
}

async function openStore(
  dataSource: DataSource,
  keyRing: KeyRing,
  options: ConstructorParameters<typeof PostgresEventStore>[2],
): Promise<PostgresEventStore> {
  const store = new PostgresEventStore(dataSource, keyRing, options);
  try {
    await dataSource.initialize();
    await store.migrate();
    return store;
  } catch (e) {
    await store.close().catch(() => undefined);
    throw e;
  }
}
