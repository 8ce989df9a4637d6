import { Logger, LoggerService } from '@nestjs/common';
import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/transport-node';
import { EventStore } from '../../event-store';
import { BusObserver, NOOP_BUS_OBSERVER } from '../bus-observer';
import { DEFAULT_DELIVERY_POLICY, DeliveryPolicy } from '../delivery-policy';
import { DeliveryRunner } from '../delivery-runner';
import { errorLabel } from '../error-label';
import { BusConfigurationError } from '../errors';
import { collectStageBindings, StageBinding } from '../stage-bindings';
import { DEFAULT_STREAM, ensureStream } from './ensure-stream';
import { JetStreamStageConsumer } from './jetstream-stage-consumer';
import { MessageRoute } from './message-route';
import { connectNats } from './nats-connection';
import { replayRoute } from './replay-route';

export interface JetStreamTransportOptions {
  /** Where to connect; ignored when `connection` is given. */
  servers?: string | readonly string[];
  credsFile?: string;
  /** A connection owned by the caller (not drained on close). */
  connection?: NatsConnection;
  /** Dead letters are appended here; the relay publishes them. */
  store: EventStore;
  stream?: string;
  prefix?: string;
  policy?: DeliveryPolicy;
  observer?: BusObserver;
  /** Server-side cap on unacknowledged messages per consumer (all replicas). */
  maxAckPending?: number;
  /** Create or align the stream at boot (default true). */
  ensureStream?: boolean;
  /** How often consumer lag is reported to the observer; 0 disables. */
  lagIntervalMs?: number;
  restartMs?: number;
  /** Run each consumer's `<consumer>-replay` durable, which carries out DLQ replays (default true). */
  replay?: boolean;
  /** Defaults to a Nest Logger, which follows the application's logger. */
  logger?: LoggerService;
}

/**
 * Nest transport strategy for service mode: each `@StageEvent` handler becomes a durable
 * JetStream pull consumer (one filter subject each), with the same delivery semantics as
 * the in-process transport.
 */
export class JetStreamTransport extends Server implements CustomTransportStrategy {
  private nc: NatsConnection | null = null;
  private consumers: JetStreamStageConsumer[] = [];
  /** The `-replay` twins: internal, so they are left out of the lag report. */
  private replays: JetStreamStageConsumer[] = [];
  private lagTimer: NodeJS.Timeout | undefined;
  private readonly policy: DeliveryPolicy;
  private readonly observer: BusObserver;
  protected override readonly logger: LoggerService;

  constructor(private readonly options: JetStreamTransportOptions) {
    super();
    this.logger = options.logger ?? new Logger('JetStreamTransport');
    this.policy = options.policy ?? DEFAULT_DELIVERY_POLICY;
    this.observer = options.observer ?? NOOP_BUS_OBSERVER;
  }

  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (error: unknown) => {
        void this.close().finally(() => callback(error));
      },
    );
  }

  private async start(): Promise<void> {
    const bindings = collectStageBindings(this.getHandlers());
    const { servers = 'nats://127.0.0.1:4222', credsFile } = this.options;
    const nc = this.options.connection ?? (await connectNats({ servers, credsFile, name: 'gantry-stage' }));
    this.nc = nc;
    void this.watchConnection(nc);
    const jsm = await jetstreamManager(nc);
    const stream = this.options.stream ?? DEFAULT_STREAM;
    const prefix = this.options.prefix ?? 'gantry';
    if (this.options.ensureStream ?? true) await ensureStream(jsm, { name: stream, prefix });
    const runner = new DeliveryRunner({ store: this.options.store, policy: this.policy, observer: this.observer, logger: this.logger });
    const common = { js: jetstream(nc), jsm, stream, prefix, runner, logger: this.logger };
    const maxAckPending = this.options.maxAckPending ?? Math.max(1_000, this.policy.concurrency * 4);
    const consumer = (binding: StageBinding, route?: MessageRoute): JetStreamStageConsumer =>
      new JetStreamStageConsumer({ ...common, binding, maxAckPending, restartMs: this.options.restartMs ?? 1_000, route });
    this.consumers = bindings.map((binding) => consumer(binding));
    if (this.options.replay ?? true) this.replays = bindings.map((b) => consumer(b, replayRoute(b, this.options.store, prefix)));
    await Promise.all([...this.consumers, ...this.replays].map((c) => c.start()));
    this.startLagReports();
    this._status$.next('connected');
  }

  private startLagReports(): void {
    const every = this.options.lagIntervalMs ?? 15_000;
    if (every <= 0) return;
    this.lagTimer = setInterval(() => void this.reportLag(), every);
    this.lagTimer.unref();
  }

  private async reportLag(): Promise<void> {
    try {
      const lag = await this.lag();
      Object.entries(lag).forEach(([consumer, n]) => this.observer.lag(consumer, n));
    } catch (error) {
      this.logger.warn(`cannot read consumer lag (${errorLabel(error)})`);
    }
  }

  /** Per consumer: messages pending plus delivered-but-unacknowledged, from the server. */
  async lag(): Promise<Record<string, number>> {
    const entries = await Promise.all(this.consumers.map(async (c) => [c.name, await c.lag()] as const));
    return Object.fromEntries(entries);
  }

  /** Mirrors the connection state into Nest's `status` observable. */
  private async watchConnection(nc: NatsConnection): Promise<void> {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') this._status$.next('disconnected');
      else if (s.type === 'reconnecting') this._status$.next('reconnecting');
      else if (s.type === 'reconnect') this._status$.next('connected');
    }
  }

  /** Graceful: stop pulling, finish in-flight handlers (settling their messages), drain the connection. */
  async close(): Promise<void> {
    clearInterval(this.lagTimer);
    await Promise.all([...this.consumers, ...this.replays].map((c) => c.stop()));
    this.consumers = [];
    this.replays = [];
    const nc = this.nc;
    this.nc = null;
    if (nc && !this.options.connection && !nc.isClosed()) await nc.drain();
    this._status$.next('disconnected');
  }

  on(): never {
    throw new BusConfigurationError('the JetStream transport emits no transport events; use `status`');
  }

  unwrap<T>(): T {
    if (!this.nc) throw new BusConfigurationError('the JetStream transport is not connected');
    return this.nc as T;
  }
}
