import { jetstreamManager } from '@nats-io/jetstream';
import { connect, Msg, MsgHdrs, NatsConnection, Subscription } from '@nats-io/transport-node';

export interface SeenMessage {
  subject: string;
  /** Every header as `name: value`. */
  headers: string[];
  data: Buffer;
}

const headerLines = (h: MsgHdrs | undefined): string[] => (h ? [...h.keys()].flatMap((k) => h.values(k).map((v) => `${k}: ${v}`)) : []);

const seen = (subject: string, headers: MsgHdrs | undefined, data: Uint8Array): SeenMessage => ({ subject, headers: headerLines(headers), data: Buffer.from(data) });

/** Every message the stream holds, in sequence order, with its headers (read after a run). */
export async function streamMessages(servers: string, stream: string): Promise<SeenMessage[]> {
  const nc = await connect({ servers, name: 'faults-stream-reader' });
  try {
    const jsm = await jetstreamManager(nc);
    const { state } = await jsm.streams.info(stream);
    const out: SeenMessage[] = [];
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
      const m = await jsm.streams.getMessage(stream, { seq });
      if (m) out.push(seen(m.subject, m.header, m.data));
    }
    return out;
  } finally {
    await nc.close();
  }
}

/**
 * A test subscriber on every subject of a (test-owned) server: stream publishes, deliveries
 * to the consumers' inboxes, acknowledgements, JetStream API requests and replies.
 */
export class WireTap {
  readonly messages: SeenMessage[] = [];

  private constructor(
    private readonly nc: NatsConnection,
    private readonly sub: Subscription,
  ) {}

  static async start(servers: string): Promise<WireTap> {
    const nc = await connect({ servers, name: 'faults-wiretap', maxReconnectAttempts: -1 });
    let tap: WireTap | undefined;
    const pending: SeenMessage[] = [];
    const sub = nc.subscribe('>', {
      callback: (err: Error | null, m: Msg) => {
        if (err) return;
        (tap?.messages ?? pending).push(seen(m.subject, m.headers, m.data));
      },
    });
    await nc.flush();
    tap = new WireTap(nc, sub);
    tap.messages.push(...pending);
    return tap;
  }

  async stop(): Promise<void> {
    this.sub.unsubscribe();
    await this.nc.close();
  }
}
