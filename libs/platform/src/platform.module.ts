import { DynamicModule, Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BlobStore } from './blobs/blob-store.port';
import { blobStoreHealthCheck } from './blobs/blob-store.health';
import { BlobsModule } from './blobs/blobs.module';
import { ConfigModule } from './config/config.module';
import { GantryConfig } from './config/config.types';
import { EventStore } from './event-store/event-store.port';
import { eventStoreProvider } from './event-store/event-store.provider';
import { EventStoreTarget } from './event-store/create-event-store';
import { PostgresEventStore } from './event-store/postgres/postgres-event-store';
import { KeysModule } from './keys/keys.module';
import { healthCheck, HealthCheck } from './observability/health-check';
import { LoggerOptions } from './observability/create-logger';
import { ObservabilityModule } from './observability/observability.module';
import { dataSourceSql } from './sql/data-source-sql';
import { SQL } from './sql/sql';

export interface PlatformModuleOptions {
  config: GantryConfig;
  /** Service name in logs, e.g. `gantry-indexer` or `gantry-cli`. */
  service: string;
  /** Stage name in logs, e.g. `indexer`, or `all` for the embedded pipeline. */
  stage: string;
  /** Extra readiness checks (the JetStream connection, in service mode). */
  extraChecks?: HealthCheck[];
  /** Logger settings; default `config.log`. The CLI keeps stdout for its own output. */
  log?: Omit<LoggerOptions, 'service' | 'stage'>;
}

export function eventStoreTargetOf(config: GantryConfig): EventStoreTarget {
  return config.database.kind === 'postgres' ? { url: config.database.url } : { embedded: { dataDir: config.database.dir } };
}

/**
 * Every adapter a stage needs, created once per process from the validated config:
 * config, deployment key, event store (and its TypeORM DataSource and `Sql`), blobs,
 * logger, metrics and health. Global, so stage modules just inject the ports.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformModuleOptions): DynamicModule {
    const { config } = options;
    const schema = config.database.kind === 'postgres' ? config.database.schema : undefined;
    return {
      module: PlatformModule,
      global: true,
      imports: [
        ConfigModule.forRoot({ config }),
        KeysModule.forRoot(),
        BlobsModule.forRoot(),
        ObservabilityModule.forRoot({
          service: options.service,
          stage: options.stage,
          ...(options.log ? { log: options.log } : {}),
          health: {
            checks: {
              useFactory: (store: EventStore, blobs: BlobStore): HealthCheck[] => [
                healthCheck('postgres', async () => {
                  await (store as PostgresEventStore).dataSource.query('select 1');
                }),
                blobStoreHealthCheck(blobs),
                ...(options.extraChecks ?? []),
              ],
              inject: [EventStore, BlobStore],
            },
          },
        }),
      ],
      providers: [
        eventStoreProvider({ target: eventStoreTargetOf(config), ...(schema ? { schema } : {}) }),
        { provide: DataSource, useFactory: (store: EventStore) => (store as PostgresEventStore).dataSource, inject: [EventStore] },
        { provide: SQL, useFactory: (ds: DataSource) => dataSourceSql(ds), inject: [DataSource] },
      ],
      exports: [EventStore, DataSource, SQL],
    };
  }
}
