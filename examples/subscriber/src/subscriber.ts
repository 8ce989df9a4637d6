import { AckPolicy, ConsumerMessages, DeliverPolicy, jetstream, jetstreamManager, JsMsg } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/transport-node';
import { EventContract } from './contract';
import { EventValidator, Verdict } from './event-validator';

export interface SubscriberOptions {
  connection: NatsConnection;
  stream: string;
  prefix: string;
  /** Base name of this subscriber's durables: one per event type (`<durable>-exported`, …). */
  durable: string;
  contracts: EventContract[];
  onMessage(received: Received): void;
}

export interface Received {
  durable: string;
  /** The ce-type header; the subject says the same. */
  type: string;
  id: string;
  /** Opaque instance key (ce-subject). */
  subject: string;
  verdict: Verdict;
}

const durableFor = (base: string, type: string): string => `${base}-${type.replace(/^gantry\.[a-z0-9-]+\./, '').replace(/\.v\d+$/, '')}`;

const headerRecord = (msg: JsMsg): Record<string, string> =>
  Object.fromEntries([...(msg.headers?.keys() ?? [])].map((name) => [name, msg.headers?.get(name) ?? '']));

function bodyOf(msg: JsMsg): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(msg.data)) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * A subscriber of Gantry's events on the same JetStream stream as the stages: it owns its
 * durables, so it reads every event independently (Limits retention) and never takes work
 * from a stage. A valid message is acknowledged; an invalid one is terminated so it is not
 * redelivered forever (a real subscriber would also alert on it).
 */
export class Subscriber {
  private readonly validator: EventValidator;
  private readonly consumers: ConsumerMessages[] = [];
  private readonly loops: Promise<void>[] = [];

  constructor(private readonly o: SubscriberOptions) {
    this.validator = new EventValidator(o.contracts);
  }

  /** Creates (or reuses) the durables, one filter subject each (nats-server 2.9), and starts reading. */
  async start(): Promise<string[]> {
    const jsm = await jetstreamManager(this.o.connection);
    const js = jetstream(this.o.connection);
    const names: string[] = [];
    for (const contract of this.o.contracts) {
      const durable = durableFor(this.o.durable, contract.type);
      const filter = contract.address.replace('{prefix}', this.o.prefix);
      await jsm.consumers.add(this.o.stream, { durable_name: durable, filter_subject: filter, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All });
      const messages = await (await js.consumers.get(this.o.stream, durable)).consume({ max_messages: 64 });
      this.consumers.push(messages);
      this.loops.push(this.read(durable, contract.type, messages));
      names.push(durable);
    }
    return names;
  }

  private async read(durable: string, type: string, messages: ConsumerMessages): Promise<void> {
    for await (const msg of messages) {
      const headers = headerRecord(msg);
      const verdict = headers['ce-type'] === type ? this.validator.validate(type, headers, bodyOf(msg)) : { valid: false, problems: ['ce-type does not match the subject'] };
      this.o.onMessage({ durable, type, id: headers['ce-id'] ?? '', subject: headers['ce-subject'] ?? '', verdict });
      if (verdict.valid) msg.ack();
      else msg.term();
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.close()));
    await Promise.all(this.loops);
  }
}
