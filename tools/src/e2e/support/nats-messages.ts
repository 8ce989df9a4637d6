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

/** The `Nats-Msg-Id` header (the relay sets it to the event id), '' when absent. */
export const msgId = (m: SeenMessage): string => m.headers.find((h) => h.startsWith('Nats-Msg-Id: '))?.slice('Nats-Msg-Id: '.length) ?? '';

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
  private sub: Subscription | undefined;

  private constructor(private readonly nc: NatsConnection) {}

  static async start(servers: string): Promise<WireTap> {
    const tap = new WireTap(await connect({ servers, name: 'faults-wiretap', maxReconnectAttempts: -1 }));
    tap.sub = tap.nc.subscribe('>', {
      callback: (err: Error | null, m: Msg) => {
        if (!err) tap.messages.push(seen(m.subject, m.headers, m.data));
      },
    });
    await tap.nc.flush();
    return tap;
  }

  async stop(): Promise<void> {
    this.sub?.unsubscribe();
    await this.nc.close();
  }
}
