import { randomUUID } from 'node:crypto';
import { Logger, LoggerService } from '@nestjs/common';
import { GantryEvent } from '@gantry/domain';
import { EventStore } from '../../event-store';
import { BusObserver, NOOP_BUS_OBSERVER } from '../bus-observer';
import { DEFAULT_DELIVERY_POLICY, DeliveryPolicy } from '../delivery-policy';
import { DeliveryRunner } from '../delivery-runner';
import { BusClosedError, BusConfigurationError } from '../errors';
import { replayBinding } from '../replay/replay-binding';
import { StageBinding } from '../stage-bindings';
import { ConsumerHost, ConsumerLag, StoreConsumer } from './store-consumer';

export interface InProcessBusOptions {
  store: EventStore;
  policy?: DeliveryPolicy;
  observer?: BusObserver;
  logger?: LoggerService;
  /** Slow poll for appends that raised no notification (another process, a missed hint). */
  pollMs?: number;
  /** Events per store read. */
  batchSize?: number;
  /** Read-but-unfinished events per consumer, like JetStream's max_ack_pending. */
  maxPending?: number;
  /** Wait before retrying a failed store read or checkpoint write. */
  retryMs?: number;
  /** Run each consumer's `<consumer>-replay` reader, which carries out DLQ replays (default true). */
  replay?: boolean;
}

/**
 * Replays are rare: their readers read at most this often instead of once per append, so
 * they add next to no queries to a busy embedded database (and at most this much to whenIdle).
 */
const REPLAY_READ_INTERVAL_MS = 200;

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}

/**
 * Embedded-mode bus: one checkpointed store reader per durable consumer, all in this
 * process. Several Nest transports may share one bus so `whenIdle()` covers every stage.
 */
export class InProcessBus implements ConsumerHost {
  private readonly consumers = new Map<string, StoreConsumer>();
  /** The `-replay` twins, by the name of the consumer they serve: internal, left out of `lag()`. */
  private readonly replays = new Map<string, StoreConsumer>();
  private readonly waiters: Waiter[] = [];
  private readonly runner: DeliveryRunner;
  private readonly logger: LoggerService;
  private readonly unsubscribe: () => void;
  private readonly poll: NodeJS.Timeout;
  private epochValue = 0;
  private closed = false;

  constructor(private readonly options: InProcessBusOptions) {
    this.logger = options.logger ?? new Logger('InProcessBus');
    const policy = options.policy ?? DEFAULT_DELIVERY_POLICY;
    this.runner = new DeliveryRunner({ store: options.store, policy, observer: options.observer, logger: this.logger });
    this.unsubscribe = options.store.onAppend(() => this.bump());
    this.poll = setInterval(() => this.bump(), options.pollMs ?? 1_000);
  }

  get epoch(): number {
    return this.epochValue;
  }

  /** Starts a consumer per binding from its persisted checkpoint. */
  async attach(bindings: readonly StageBinding[]): Promise<void> {
    if (this.closed) throw new BusClosedError('in-process bus');
    for (const b of bindings) {
      if (this.consumers.has(b.consumer)) throw new BusConfigurationError(`consumer ${b.consumer} is already attached to this bus`);
    }
    const started = bindings.map((binding) => this.consumer(binding));
    started.forEach((c) => this.consumers.set(c.name, c));
    // A replay hands the original back to its consumer here: redeliver() puts it in that
    // consumer's queue with fresh delivery counting, and whenIdle() waits for it too.
    const replays: StoreConsumer[] = [];
    for (const b of (this.options.replay ?? true) ? bindings : []) {
      const replay = this.consumer(this.replayOf(b), REPLAY_READ_INTERVAL_MS);
      this.replays.set(b.consumer, replay);
      replays.push(replay);
    }
    await Promise.all([...started, ...replays].map((c) => c.start()));
  }

  private replayOf(binding: StageBinding): StageBinding {
    return replayBinding(binding, this.options.store, (original, replay) => this.redeliver(binding.consumer, original, replay.id));
  }

  private consumer(binding: StageBinding, minReadIntervalMs = 0): StoreConsumer {
    const o = this.options;
    return new StoreConsumer({
      store: o.store,
      binding,
      runner: this.runner,
      host: this,
      observer: o.observer ?? NOOP_BUS_OBSERVER,
      logger: this.logger,
      batchSize: o.batchSize ?? 256,
      maxPending: o.maxPending ?? 1_024,
      retryMs: o.retryMs ?? 1_000,
      minReadIntervalMs,
    });
  }

  /** Gracefully stops these consumers: in-flight deliveries finish, checkpoints are persisted. */
  async detach(names: readonly string[]): Promise<void> {
    // Replay readers first: once closed they can no longer redeliver into a closing consumer.
    const replays = names.flatMap((n) => this.replays.get(n) ?? []);
    await Promise.all(replays.map((c) => c.close()));
    names.forEach((n) => this.replays.delete(n));
    const leaving = names.flatMap((n) => this.consumers.get(n) ?? []);
    await Promise.all(leaving.map((c) => c.close()));
    leaving.forEach((c) => this.consumers.delete(c.name));
    this.check();
  }

  /**
   * Resolves once every consumer has read up to the store head at the current epoch and
   * has nothing in flight, ready or scheduled. Each finished delivery bumps the epoch
   * (a handler may have appended for another consumer) and so forces one more read
   * round, which makes the answer independent of when the store fires its hints.
   */
  whenIdle(): Promise<void> {
    if (this.closed) return Promise.reject(new BusClosedError('in-process bus'));
    const idle = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.bump();
    return idle;
  }

  lag(): ConsumerLag[] {
    return [...this.consumers.values()].map((c) => c.lag());
  }

  /**
   * DLQ replay: delivers `event` to `consumer` again with fresh delivery counting. Pass the
   * replay's id as `generation` (e.g. the DEAD_LETTER_REPLAYED event id): should the replay
   * fail too, its dead letter then gets a new id instead of deduplicating into the old one.
   */
  redeliver(consumer: string, event: GantryEvent, generation: string = randomUUID()): void {
    const target = this.consumers.get(consumer);
    if (!target) throw new BusConfigurationError(`no consumer ${consumer} on this bus`);
    target.redeliver(event, generation);
  }

  settled(): void {
    this.bump();
  }

  check(): void {
    if (this.waiters.length === 0) return;
    for (const c of [...this.consumers.values(), ...this.replays.values()]) if (!c.idle) return;
    this.waiters.splice(0).forEach((w) => w.resolve());
  }

  private bump(): void {
    this.epochValue++;
    this.consumers.forEach((c) => c.pump());
    this.replays.forEach((c) => c.pump());
    this.check();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    clearInterval(this.poll);
    this.waiters.splice(0).forEach((w) => w.reject(new BusClosedError('in-process bus')));
    await this.detach([...this.consumers.keys()]);
  }
}
