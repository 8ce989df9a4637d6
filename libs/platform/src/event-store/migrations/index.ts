import { EventStoreSchema1764028800000 } from './1764028800000-event-store-schema';
import { AppendMany1764200000000 } from './1764200000000-append-many';

/** Every event store migration, oldest first; TypeORM records each in EVENT_STORE_MIGRATIONS_TABLE. */
export const EVENT_STORE_MIGRATIONS = [EventStoreSchema1764028800000, AppendMany1764200000000];

/** Its own table, so other DataSources' migrations in the same schema never interleave with these. */
export const EVENT_STORE_MIGRATIONS_TABLE = 'event_store_migrations';
