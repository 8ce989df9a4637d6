import { OnApplicationShutdown } from '@nestjs/common';
import { GantryEvent, KeyRing } from '@gantry/domain';
import { ClientConfig } from 'pg';
import { DataSource } from 'typeorm';
import { EventChain } from '../chain/event-chain';
import { StreamTailCache } from '../chain/stream-tail-cache';
import {
  AppendOptions,
  AppendResult,
  ChainBreak,
  Checkpoint,
  EventStore,
  ReadAllBatch,
  ReadAllOptions,
  StoredEvent,
} from '../event-store.port';
import { StreamAppender } from './append';
import { GroupAppender } from './group-append';
import { AppendNotifier } from './append-notifier';
import { CheckpointStore } from './checkpoints';
import { migrateEventStore } from './migrate';
import { AllStreamReader } from './read-all';
import { StreamReader } from './read-stream';
import { checkSchemaName, DEFAULT_SCHEMA } from './schema-name';
import { sqlClientOf } from './sql-client';
import { verifyChains } from './verify-chains';

export interface PostgresEventStoreOptions {
  /** Postgres schema holding the store's tables (default `public`). */
  schema?: string;
  /**
   * Connection for a dedicated LISTEN client; with it, appends also NOTIFY other processes.
   * Null or absent: local hints only (right for PGlite, which has a single session).
   */
  listen?: ClientConfig | null;
  /** Runs after the DataSource is destroyed on close(), e.g. to stop an embedded database. */
  onClose?: () => Promise<void>;
}

/**
 * The event store on Postgres or PGlite, through a TypeORM DataSource (pg driver). Each
 * operation is one SQL statement in autocommit; appends go through gantry_append(), the
 * audit hash chain is computed here because the key must never reach the database.
 */
export class PostgresEventStore extends EventStore implements OnApplicationShutdown {
  readonly schema: string;
  private readonly chain: EventChain;
  private readonly appender: GroupAppender;
  private readonly streams: StreamReader;
  private readonly all: AllStreamReader;
  private readonly checkpoints: CheckpointStore;
  private readonly notifier: AppendNotifier;
  private closing: Promise<void> | null = null;

  constructor(
    readonly dataSource: DataSource,
    keyRing: KeyRing,
    private readonly options: PostgresEventStoreOptions = {},
  ) {
    super();
    this.schema = checkSchemaName(options.schema ?? DEFAULT_SCHEMA);
    const db = sqlClientOf(dataSource);
    const tails = new StreamTailCache();
    this.chain = new EventChain(keyRing);
    this.appender = new GroupAppender(db, this.schema, this.chain, tails, new StreamAppender(db, this.schema, this.chain, tails));
    this.streams = new StreamReader(db, this.schema, tails);
    this.all = new AllStreamReader(db, this.schema);
    this.checkpoints = new CheckpointStore(db, this.schema);
    this.notifier = new AppendNotifier(this.schema, options.listen ? { listen: options.listen, db } : null);
  }

  /** Applies pending migrations; safe to call from many processes at once. */
  migrate(): Promise<void> {
    return migrateEventStore(this.dataSource, this.schema);
  }

  async append(streamId: string, events: readonly GantryEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    const result = await this.appender.append(streamId, events, options.expectedVersion ?? 'any');
    // After the commit, so a woken subscriber can read what it was woken for.
    if (!result.duplicate && events.length > 0) this.notifier.appended();
    return result;
  }

  readStream(streamId: string, options: { fromPosition?: number } = {}): Promise<StoredEvent[]> {
    return this.streams.readStream(streamId, options.fromPosition);
  }

  readAll(options?: ReadAllOptions): Promise<ReadAllBatch> {
    return this.all.read(options);
  }

  findEvent(eventId: string): Promise<StoredEvent | null> {
    return this.streams.findEvent(eventId);
  }

  loadCheckpoint(name: string): Promise<Checkpoint | null> {
    return this.checkpoints.load(name);
  }

  storeCheckpoint(name: string, checkpoint: Checkpoint): Promise<void> {
    return this.checkpoints.store(name, checkpoint);
  }

  onAppend(listener: () => void): () => void {
    return this.notifier.subscribe(listener);
  }

  verifyChains(options: { streamId?: string } = {}): Promise<ChainBreak[]> {
    return verifyChains(sqlClientOf(this.dataSource), this.schema, this.chain, options.streamId);
  }

  /** Idempotent: Nest's shutdown hook and an explicit close may both call it. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  private async shutdown(): Promise<void> {
    await this.notifier.close();
    try {
      if (this.dataSource.isInitialized) await this.dataSource.destroy();
    } finally {
      await this.options.onClose?.();
    }
  }
}
