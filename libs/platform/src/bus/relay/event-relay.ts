import { Logger, LoggerService } from '@nestjs/common';
import { JetStreamClient, PubAck } from '@nats-io/jetstream';
import { GantryEvent } from '@gantry/domain';
import { Checkpoint, EventStore, StoredEvent } from '../../event-store';
import { BusObserver, NOOP_BUS_OBSERVER } from '../bus-observer';
import { encodeCloudEvent } from '../cloud-event-codec';
import { errorLabel } from '../error-label';
import { BusClosedError } from '../errors';
import { sameCheckpoint } from '../in-process/pending-window';
import { subjectFor } from '../subjects';
import { Wakeup } from './wakeup';

export interface EventRelayOptions {
  store: EventStore;
  js: JetStreamClient;
  prefix?: string;
  /** When set, JetStream refuses the publish unless it lands in this stream. */
  stream?: string;
  checkpointName?: string;
  batchSize?: number;
  pollMs?: number;
  retryMs?: number;
  publishTimeoutMs?: number;
  observer?: BusObserver;
  logger?: LoggerService;
}

export interface RelayStats {
  published: number;
  /** Publishes JetStream recognised as already stored (a batch republished after a crash). */
  duplicates: number;
}

/**
 * Publishes the store's read-all, in commit order, to JetStream. Each batch is published
 * with `Nats-Msg-Id` = event id and the checkpoint is stored only after every PubAck:
 * a crash in between republishes the batch, JetStream dedupes it inside the duplicate
 * window, and consumers are idempotent beyond it. So nothing is lost and nothing takes
 * effect twice.
 */
export class EventRelay {
  readonly stats: RelayStats = { published: 0, duplicates: 0 };
  private readonly wakeup = new Wakeup();
  private readonly observer: BusObserver;
  private readonly logger: LoggerService;
  private checkpoint: Checkpoint | null = null;
  private loop: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;
  private stopping = false;
  private behind = 0;
  private readonly caughtUp: { after: number; resolve(): void; reject(error: Error): void }[] = [];
  private reads = 0;

  constructor(private readonly o: EventRelayOptions) {
    this.observer = o.observer ?? NOOP_BUS_OBSERVER;
    this.logger = o.logger ?? new Logger('EventRelay');
  }

  get name(): string {
    return this.o.checkpointName ?? 'relay';
  }

  /** Events known to be unpublished: the current batch, or a full batch while catching up. */
  get lag(): number {
    return this.behind;
  }

  get running(): boolean {
    return this.loop !== null;
  }

  /** Starts publishing from the persisted checkpoint (re-read: another leader may have moved it). */
  async start(): Promise<void> {
    if (this.loop) return;
    this.stopping = false;
    this.checkpoint = await this.o.store.loadCheckpoint(this.name);
    this.unsubscribe = this.o.store.onAppend(() => this.wakeup.fire());
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        const read = ++this.reads;
        if (await this.publishBatch()) continue;
        this.settleCaughtUp(read);
      } catch (error) {
        this.logger.error(`relay batch failed (${errorLabel(error)}); retrying from the checkpoint`);
        // Not woken by appends: with NATS or the database down every append would retry at once.
        await new Promise((resolve) => setTimeout(resolve, this.o.retryMs ?? 1_000));
        continue;
      }
      await this.wakeup.wait(this.o.pollMs ?? 1_000);
    }
  }

  /** Publishes one batch and stores the checkpoint; true when the read moved (more may follow). */
  private async publishBatch(): Promise<boolean> {
    const limit = this.o.batchSize ?? 500;
    const batch = await this.o.store.readAll({ after: this.checkpoint, limit });
    this.report(batch.events.length);
    // Pipelined on one connection, so JetStream stores them in read order; on any failure
    // the whole batch is retried from the checkpoint and the dedupe absorbs the repeats.
    const acks = await Promise.all(batch.events.map((e) => this.publish(e)));
    acks.forEach((ack) => (ack.duplicate ? this.stats.duplicates++ : this.stats.published++));
    const moved = !!batch.checkpoint && !sameCheckpoint(batch.checkpoint, this.checkpoint);
    if (batch.checkpoint && moved) {
      await this.o.store.storeCheckpoint(this.name, batch.checkpoint);
      this.checkpoint = batch.checkpoint;
    }
    this.report(batch.events.length >= limit ? limit : 0);
    return moved;
  }

  private publish(stored: StoredEvent): Promise<PubAck> {
    const event: GantryEvent = stored.event;
    const { headers, body } = encodeCloudEvent(event);
    return this.o.js.publish(subjectFor(event, this.o.prefix ?? 'gantry'), body, {
      msgID: event.id,
      headers,
      timeout: this.o.publishTimeoutMs ?? 10_000,
      ...(this.o.stream ? { expect: { streamName: this.o.stream } } : {}),
    });
  }

  private report(n: number): void {
    this.behind = n;
    this.observer.relayLag(n);
  }

  /** Resolves once a read started after this call finds nothing new to publish. */
  whenCaughtUp(): Promise<void> {
    if (!this.loop) return Promise.reject(new BusClosedError('relay'));
    const caughtUp = new Promise<void>((resolve, reject) => this.caughtUp.push({ after: this.reads, resolve, reject }));
    this.wakeup.fire();
    return caughtUp;
  }

  private settleCaughtUp(read: number): void {
    const done = this.caughtUp.filter((w) => w.after < read);
    this.caughtUp.splice(0, this.caughtUp.length, ...this.caughtUp.filter((w) => w.after >= read));
    done.forEach((w) => w.resolve());
  }

  /** Finishes the batch in progress (its checkpoint included), then stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.wakeup.fire();
    await this.loop;
    this.loop = null;
    this.caughtUp.splice(0).forEach((w) => w.reject(new BusClosedError('relay')));
  }
}
