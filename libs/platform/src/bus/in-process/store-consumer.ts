import { LoggerService } from '@nestjs/common';
import { GantryEvent } from '@gantry/domain';
import { Checkpoint, EventStore, ReadAllBatch } from '../../event-store';
import { BusObserver } from '../bus-observer';
import { FIRST_GENERATION } from '../dead-letter';
import { errorLabel } from '../error-label';
import { backoffFor } from '../delivery-policy';
import { DeliveryAction, DeliveryRunner } from '../delivery-runner';
import { StageBinding } from '../stage-bindings';
import { CheckpointWriter } from './checkpoint-writer';
import { PendingWindow, positionOf, sameCheckpoint, WindowEntry } from './pending-window';

/** The bus side a consumer reports to. */
export interface ConsumerHost {
  /** Bus-wide change counter: a consumer is caught up only by a read started at the current epoch. */
  readonly epoch: number;
  /** A delivery finished (it may have appended events for any consumer). */
  settled(): void;
  /** Something changed that may make the bus idle. */
  check(): void;
}

export interface StoreConsumerOptions {
  store: EventStore;
  binding: StageBinding;
  runner: DeliveryRunner;
  host: ConsumerHost;
  observer: BusObserver;
  logger: LoggerService;
  batchSize: number;
  maxPending: number;
  retryMs: number;
  /** At most one read per this many ms (default 0): for rare types whose readers must not add a query per append. */
  minReadIntervalMs?: number;
}

export interface ConsumerLag {
  consumer: string;
  /** Read and not yet acked or dead-lettered (includes in flight and scheduled). */
  pending: number;
  inFlight: number;
  scheduled: number;
  /** The last read found nothing new at the bus's current epoch. */
  caughtUp: boolean;
}

interface Delivery {
  readonly event: GantryEvent;
  /** Null for a replay: it is not part of the read order, so it never holds the checkpoint. */
  readonly entry: WindowEntry | null;
  readonly generation: string;
  readonly origin: string;
  deliveries: number;
}

export const consumerCheckpointName = (consumer: string): string => `consumer:${consumer}`;

/** Pause before re-reading after a read that returned little (see pump). */
const READ_PACE_MS = 50;

/**
 * One durable consumer over the event store (embedded mode): reads its type from its
 * checkpoint, delivers with bounded concurrency, redelivers naks after their delay, and
 * persists the checkpoint over the contiguous finished prefix only.
 */
export class StoreConsumer {
  private readonly window = new PendingWindow();
  private readonly ready: Delivery[] = [];
  private readonly scheduled = new Map<Delivery, NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private readCheckpoint: Checkpoint | null = null;
  private writer: CheckpointWriter | null = null;
  private caughtUpEpoch = -1;
  private reading = false;
  private readRetry: NodeJS.Timeout | undefined;
  private readPace: NodeJS.Timeout | undefined;
  private lastReadCount = 0;
  private lastReadAt = 0;
  private state: 'new' | 'running' | 'closing' = 'new';

  constructor(private readonly o: StoreConsumerOptions) {}

  get name(): string {
    return this.o.binding.consumer;
  }

  async start(): Promise<void> {
    const name = consumerCheckpointName(this.name);
    this.readCheckpoint = await this.o.store.loadCheckpoint(name);
    this.writer = new CheckpointWriter(this.o.store, name, this.readCheckpoint, (e) => this.fail('store checkpoint', e), this.o.retryMs);
    this.state = 'running';
    this.pump();
  }

  get idle(): boolean {
    const drained = this.ready.length === 0 && this.running.size === 0 && this.scheduled.size === 0 && this.window.open === 0;
    return drained && !this.reading && this.caughtUpEpoch === this.o.host.epoch;
  }

  lag(): ConsumerLag {
    const replays = this.ready.filter((d) => !d.entry).length + [...this.scheduled.keys()].filter((d) => !d.entry).length;
    const caughtUp = this.caughtUpEpoch === this.o.host.epoch;
    return { consumer: this.name, pending: this.window.open + replays, inFlight: this.running.size, scheduled: this.scheduled.size, caughtUp };
  }

  /** Delivers `event` again outside the read order (DLQ replay), with fresh delivery counting. */
  redeliver(event: GantryEvent, generation: string): void {
    this.ready.push({ event, entry: null, generation, origin: `replay:${generation}`, deliveries: 0 });
    this.pump();
  }

  /** Re-evaluates what to do: dispatch ready deliveries, and read more when stale and there is room. */
  pump(): void {
    if (this.state !== 'running') return;
    while (this.running.size < this.o.runner.policy.concurrency) {
      const next = this.ready.shift();
      if (!next) break;
      this.dispatch(next);
    }
    const room = this.o.maxPending - this.window.open;
    if (this.reading || this.readRetry || this.readPace || room <= 0 || this.caughtUpEpoch === this.o.host.epoch) return;
    // While busy, a read that found only a trickle is followed by a short pause, so events
    // appended meanwhile are fetched by one read instead of one read each: on the embedded
    // database every statement counts. Idle consumers read at once (latency).
    const wait = this.lastReadAt + (this.o.minReadIntervalMs ?? 0) - Date.now();
    if (wait > 0) {
      this.readPace = setTimeout(() => {
        this.readPace = undefined;
        this.pump();
      }, wait);
      return;
    }
    // A read that found only a trickle is followed by a pause (busy or not), so events
    // appended meanwhile are fetched by one read instead of one read each: every upstream
    // append wakes every consumer, and on the embedded database each read is a statement
    // on its single session. Costs at most READ_PACE_MS of latency per stage.
    const sinceRead = Date.now() - this.lastReadAt;
    if (this.lastReadCount < this.o.batchSize / 8 && sinceRead < READ_PACE_MS) {
      this.readPace = setTimeout(() => {
        this.readPace = undefined;
        this.pump();
      }, READ_PACE_MS - sinceRead);
      return;
    }
    void this.read(room);
  }

  private async read(room: number): Promise<void> {
    this.reading = true;
    this.lastReadAt = Date.now();
    const epoch = this.o.host.epoch;
    try {
      const limit = Math.min(this.o.batchSize, room);
      this.accept(await this.o.store.readAll({ after: this.readCheckpoint, types: [this.o.binding.type], limit }), epoch);
    } catch (error) {
      this.fail('read', error);
      this.readRetry = setTimeout(() => {
        this.readRetry = undefined;
        this.pump();
      }, this.o.retryMs);
    } finally {
      this.reading = false;
    }
    this.pump();
    this.o.host.check();
  }

  private accept(batch: ReadAllBatch, epoch: number): void {
    this.lastReadCount = batch.events.length;
    for (const stored of batch.events) {
      const entry = this.window.add(positionOf(stored));
      this.ready.push({ event: stored.event, entry, generation: FIRST_GENERATION, origin: `store:${stored.globalPosition}`, deliveries: 0 });
    }
    const moved = !sameCheckpoint(batch.checkpoint, this.readCheckpoint);
    if (batch.checkpoint && moved) {
      // Past unmatched events too: once everything before it is finished the checkpoint may move there.
      this.window.add(batch.checkpoint, true);
      this.readCheckpoint = batch.checkpoint;
    }
    // Rows held back by the horizon are committed but not yet readable: not caught up, and
    // nobody will hint when the older transaction ends, so look again after a pause.
    this.caughtUpEpoch = batch.events.length === 0 && !moved && !batch.held ? epoch : -1;
    if (batch.held && batch.events.length === 0) this.lastReadCount = 0;
    this.advance();
  }

  private dispatch(delivery: Delivery): void {
    delivery.deliveries++;
    const run = this.deliver(delivery);
    this.running.add(run);
    void run.then(() => {
      this.running.delete(run);
      this.o.host.settled();
      this.pump();
    });
  }

  private async deliver(delivery: Delivery): Promise<void> {
    const { event, generation, origin, deliveries: deliveryCount } = delivery;
    let action: DeliveryAction;
    try {
      action = await this.o.runner.run({ binding: this.o.binding, envelope: event, deliveryCount, generation, origin });
    } catch (error) {
      // The runner maps every handler failure itself; this only guards against a throwing observer.
      this.fail('deliver', error);
      action = { kind: 'nak', delayMs: backoffFor(this.o.runner.policy, deliveryCount) };
    }
    if (action.kind === 'nak') this.schedule(delivery, action.delayMs);
    else if (delivery.entry) {
      this.window.finish(delivery.entry);
      this.advance();
    }
  }

  private schedule(delivery: Delivery, delayMs: number): void {
    if (this.state !== 'running') return;
    const timer = setTimeout(() => {
      this.scheduled.delete(delivery);
      this.ready.push(delivery);
      this.pump();
    }, delayMs);
    this.scheduled.set(delivery, timer);
  }

  private advance(): void {
    const next = this.window.advance();
    if (next) this.writer?.set(next);
    this.o.observer.lag(this.name, this.window.open);
  }

  private fail(what: string, error: unknown): void {
    this.o.logger.error(`${this.name}: ${what} failed (${errorLabel(error)})`);
  }

  /**
   * Stops reading and dispatching, lets in-flight deliveries finish, then persists the
   * checkpoint. Scheduled redeliveries are dropped: they are not acked, so they still pin
   * the checkpoint and are delivered again after a restart.
   */
  async close(): Promise<void> {
    if (this.state === 'closing') return;
    this.state = 'closing';
    clearTimeout(this.readRetry);
    clearTimeout(this.readPace);
    this.readPace = undefined;
    this.scheduled.forEach((timer) => clearTimeout(timer));
    this.scheduled.clear();
    this.ready.length = 0;
    while (this.running.size > 0) await Promise.all(this.running);
    await this.writer?.flush(true);
  }
}
