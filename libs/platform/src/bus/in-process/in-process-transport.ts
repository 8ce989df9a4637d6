import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { GantryEvent } from '@gantry/domain';
import { BusConfigurationError } from '../errors';
import { collectStageBindings } from '../stage-bindings';
import { InProcessBus, InProcessBusOptions } from './in-process-bus';
import { ConsumerLag } from './store-consumer';

/** Either a bus shared with other transports (the CLI boots every stage), or options for a private one. */
export type InProcessTransportOptions = { bus: InProcessBus } | InProcessBusOptions;

/**
 * Nest transport strategy for embedded mode: the `@StageEvent` handlers of the
 * microservice become consumers of an InProcessBus reading the event store directly.
 */
export class InProcessTransport extends Server implements CustomTransportStrategy {
  readonly bus: InProcessBus;
  private readonly ownsBus: boolean;
  private attached: string[] = [];

  constructor(options: InProcessTransportOptions) {
    super();
    this.ownsBus = !('bus' in options);
    this.bus = 'bus' in options ? options.bus : new InProcessBus(options);
  }

  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  private async start(): Promise<void> {
    const bindings = collectStageBindings(this.getHandlers());
    await this.bus.attach(bindings);
    this.attached = bindings.map((b) => b.consumer);
    this._status$.next('connected');
  }

  /** Graceful: stop reading, let in-flight deliveries finish, persist checkpoints. */
  async close(): Promise<void> {
    if (this.ownsBus) await this.bus.close();
    else await this.bus.detach(this.attached);
    this.attached = [];
    this._status$.next('disconnected');
  }

  whenIdle(): Promise<void> {
    return this.bus.whenIdle();
  }

  lag(): ConsumerLag[] {
    return this.bus.lag();
  }

  redeliver(consumer: string, event: GantryEvent, generation?: string): void {
    this.bus.redeliver(consumer, event, generation);
  }

  on(): never {
    throw new BusConfigurationError('the in-process transport emits no transport events');
  }

  unwrap<T>(): T {
    return this.bus as T;
  }
}
