import { LoggerService } from '@nestjs/common';
import { ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import { ConcurrencyLimiter } from '../concurrency-limiter';
import { DeliveryAction, DeliveryRunner } from '../delivery-runner';
import { errorLabel } from '../error-label';
import { StageBinding } from '../stage-bindings';
import { ensureConsumer } from './ensure-consumer';
import { MessageRoute, stageRoute } from './message-route';

export interface JetStreamStageConsumerOptions {
  js: JetStreamClient;
  jsm: JetStreamManager;
  stream: string;
  prefix: string;
  binding: StageBinding;
  runner: DeliveryRunner;
  logger: LoggerService;
  maxAckPending: number;
  /** Pause before re-subscribing after the message iterator ended unexpectedly. */
  restartMs: number;
  /** Durable, filter and message → delivery mapping; default: the binding's own durable. */
  route?: MessageRoute;
}

/**
 * One durable pull consumer: pulls with back-pressure (the client issues its next pull
 * only once the iterator is read, and the iterator is read only when a handler slot is
 * free), runs deliveries through the shared runner and applies ack / nak(delay) / term.
 */
export class JetStreamStageConsumer {
  private readonly limiter: ConcurrencyLimiter;
  private readonly running = new Set<Promise<void>>();
  private messages: ConsumerMessages | null = null;
  private loop: Promise<void> | null = null;
  private stopping = false;
  private readonly route: MessageRoute;

  constructor(private readonly o: JetStreamStageConsumerOptions) {
    this.limiter = new ConcurrencyLimiter(o.runner.policy.concurrency);
    this.route = o.route ?? stageRoute(o.binding, o.prefix);
  }

  /** The durable's name. */
  get name(): string {
    return this.route.durable;
  }

  /** Creates or updates the durable first, so a bad configuration fails boot. */
  async start(): Promise<void> {
    await this.ensure();
    this.loop = this.run();
  }

  private ensure(): Promise<unknown> {
    const { jsm, stream, runner, maxAckPending } = this.o;
    const { durable, filterSubject } = this.route;
    return ensureConsumer(jsm, { stream, name: durable, filterSubject, ackWaitMs: runner.policy.ackWaitMs, maxAckPending });
  }

  /** Messages waiting or unacknowledged on the server: the consumer's lag. */
  async lag(): Promise<number> {
    const info = await this.o.jsm.consumers.info(this.o.stream, this.name);
    return info.num_pending + info.num_ack_pending;
  }

  private async run(): Promise<void> {
    let first = true;
    while (!this.stopping) {
      try {
        // Re-ensured on every restart: recreates a durable deleted while we were subscribed.
        if (!first) await this.ensure();
        first = false;
        await this.consume();
      } catch (error) {
        this.o.logger.error(`${this.name}: consume failed (${errorLabel(error)}); resubscribing`);
      }
      if (!this.stopping) await new Promise((resolve) => setTimeout(resolve, this.o.restartMs));
    }
  }

  private async consume(): Promise<void> {
    const consumer = await this.o.js.consumers.get(this.o.stream, this.name);
    // A small buffer: a pulled message ages toward ack_wait while it waits for a free slot.
    const messages = await consumer.consume({ max_messages: Math.max(this.o.runner.policy.concurrency * 2, 16) });
    this.messages = messages;
    // stop() may have run while the subscription was being set up: it had nothing to close yet.
    if (this.stopping) {
      await messages.close();
      return;
    }
    void this.watch(messages);
    for await (const msg of messages) {
      await this.limiter.acquire();
      if (this.stopping) {
        // Pulled but not started: hand it back at once rather than after ack_wait.
        msg.nak();
        this.limiter.release();
        continue;
      }
      const run = this.handle(msg).finally(() => this.limiter.release());
      this.running.add(run);
      void run.then(() => this.running.delete(run));
    }
  }

  /** A deleted durable would otherwise starve silently: end the iterator so `run` recreates it. */
  private async watch(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const status of messages.status()) {
        if (status.type === 'consumer_deleted' || status.type === 'consumer_not_found') {
          this.o.logger.warn(`${this.name}: ${status.type}; recreating`);
          await messages.close();
        }
      }
    } catch (error) {
      this.o.logger.error(`${this.name}: status watch ended (${errorLabel(error)})`);
    }
  }

  /** Never rejects: an unsettled message is redelivered by the server after ack_wait anyway. */
  private async handle(msg: JsMsg): Promise<void> {
    try {
      const request = await this.route.request(msg);
      settle(msg, request ? await this.o.runner.run(request) : { kind: 'ack' });
    } catch (error) {
      this.o.logger.error(`${this.name}: cannot settle message ${msg.seq} (${errorLabel(error)})`);
    }
  }

  /** Graceful: stop pulling, let in-flight handlers finish and settle their messages. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.messages?.close();
    await this.loop;
    while (this.running.size > 0) await Promise.all(this.running);
  }
}

function settle(msg: JsMsg, action: DeliveryAction): void {
  if (action.kind === 'ack') msg.ack();
  else if (action.kind === 'nak') msg.nak(action.delayMs);
  else msg.term();
}
