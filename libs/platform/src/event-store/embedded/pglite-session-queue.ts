/** What the queue needs from PGlite: its one backend session and the mutex around it. */
export interface PgliteSession {
  isInTransaction(): boolean;
  runExclusive<T>(fn: () => Promise<T>): Promise<T>;
  execProtocolRawStream(message: Uint8Array, options: { onRawData: (data: Uint8Array) => void }): Promise<void>;
  execProtocolRaw(message: Uint8Array): Promise<Uint8Array>;
}

interface Pending {
  handlerId: number;
  message: Uint8Array;
  /** Type of the last message in `message` (a deferred batch ends with its Sync or Flush). */
  last: string | null;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: Error) => void;
}

/**
 * Extended-protocol messages that leave a batch open until Sync: Parse, Bind, Describe,
 * Execute, Close, Flush. The unnamed statement and portal live in the one shared session
 * until then, so another connection's Parse in between would replace them.
 */
const OPENS_BATCH = new Set(['P', 'B', 'D', 'E', 'C', 'H']);

/**
 * Messages whose replies a backend need not send before the Sync or Flush that follows:
 * they are held per connection and run with it as one PGlite call. pglite-socket hands
 * over one message at a time, and each call into PGlite (and each socket write of its
 * reply) has a fixed cost several times that of running a small statement.
 */
const DEFERRABLE = new Set(['P', 'B', 'D', 'E', 'C']);
const PROTOCOL_3 = 196608;

/**
 * Replaces pglite-socket's QueryQueueManager, which schedules single messages and pins a
 * connection only inside BEGIN...COMMIT: concurrent extended-protocol batches interleave
 * in the shared session (pglite issue #1046: wrong statement bound, or wrong rows), and a
 * throw leaves its queue stuck. Here a connection owns the session from the first message
 * of a batch until its Sync, and for the whole of a transaction block; a connection that
 * goes away while owning it is rolled back, as a real backend would be on disconnect.
 */
export class PgliteSessionQueue {
  private queue: Pending[] = [];
  private owner: number | null = null;
  private running: Pending | null = null;
  private readonly abandoned = new Set<number>();
  private resetting = false;
  /** Per connection, the extended-protocol messages held until their Sync or Flush. */
  private readonly deferred = new Map<number, Uint8Array[]>();

  constructor(private readonly session: PgliteSession) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    const type = messageType(message);
    const held = this.deferred.get(handlerId);
    if (type !== null && DEFERRABLE.has(type)) {
      if (held) held.push(message);
      else this.deferred.set(handlerId, [message]);
      return Promise.resolve(0);
    }
    // Whatever else arrives (Sync, Flush, a simple query, Terminate) runs after what was held, in order.
    this.deferred.delete(handlerId);
    const batch = held ? concat(...held, message) : message;
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message: batch, last: type, onData, resolve, reject });
      this.pump();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.deferred.delete(handlerId);
    const dropped = this.queue.filter((p) => p.handlerId === handlerId);
    this.queue = this.queue.filter((p) => p.handlerId !== handlerId);
    for (const p of dropped) p.reject(new Error('connection closed'));
  }

  /** Called when a connection detaches: whatever it left open in the session is undone. */
  clearTransactionIfNeeded(handlerId: number): Promise<void> {
    // Held messages never reached the session: nothing of theirs to undo.
    this.deferred.delete(handlerId);
    if (this.owner === handlerId || this.running?.handlerId === handlerId) this.abandoned.add(handlerId);
    this.pump();
    return Promise.resolve();
  }

  private pump(): void {
    if (this.running || this.resetting) return;
    if (this.owner !== null && this.abandoned.has(this.owner)) {
      void this.reset(this.owner);
      return;
    }
    const index = this.owner === null ? 0 : this.queue.findIndex((p) => p.handlerId === this.owner);
    const next = index >= 0 ? this.queue.splice(index, 1)[0] : undefined;
    if (next) void this.run(next);
  }

  private async run(item: Pending): Promise<void> {
    this.running = item;
    let bytes = 0;
    try {
      await this.session.runExclusive(() =>
        this.session.execProtocolRawStream(item.message, {
          onRawData: (data) => {
            bytes += data.length;
            item.onData(data);
          },
        }),
      );
      this.owner = this.ownsAfter(item) ? item.handlerId : null;
      item.resolve(bytes);
    } catch (e) {
      // The session state is unknown; releasing it keeps every other connection moving.
      this.owner = null;
      item.reject(e instanceof Error ? e : new Error('PGlite failed to execute a message'));
    } finally {
      if (this.owner !== item.handlerId) this.abandoned.delete(item.handlerId);
      this.running = null;
      this.pump();
    }
  }

  private ownsAfter(item: Pending): boolean {
    if (this.session.isInTransaction()) return true;
    return item.last !== null && OPENS_BATCH.has(item.last);
  }

  /**
   * A failing Parse aborts whatever the dead connection left half-done (an open batch, an
   * implicit transaction) and Sync ends the batch; an explicit block is then rolled back.
   */
  private async reset(handlerId: number): Promise<void> {
    this.resetting = true;
    try {
      await this.session.runExclusive(async () => {
        await this.session.execProtocolRaw(concat(parseMessage('gantry: abandoned session'), SYNC));
        if (this.session.isInTransaction()) await this.session.execProtocolRaw(queryMessage('ROLLBACK'));
      });
    } catch {
      // Closing down: the database may already be gone, and nobody is waiting for it.
    } finally {
      this.abandoned.delete(handlerId);
      this.owner = null;
      this.resetting = false;
      this.pump();
    }
  }
}

/** The type byte of a frontend message; null for the startup message, which has none. */
export function messageType(message: Uint8Array): string | null {
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  if (message.byteLength >= 8 && view.getInt32(4) === PROTOCOL_3 && view.getInt32(0) === message.byteLength) return null;
  const first = message[0];
  return first === undefined ? null : String.fromCharCode(first);
}

const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

function frame(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(5 + body.byteLength);
  out[0] = type.charCodeAt(0);
  new DataView(out.buffer).setInt32(1, 4 + body.byteLength);
  out.set(body, 5);
  return out;
}

const cstring = (text: string): Uint8Array => concat(new TextEncoder().encode(text), new Uint8Array([0]));

/** Parse of an unnamed statement with no parameter types. */
const parseMessage = (sql: string): Uint8Array => frame('P', concat(cstring(''), cstring(sql), new Uint8Array([0, 0])));

/** A simple-protocol Query message. */
export const queryMessage = (sql: string): Uint8Array => frame('Q', cstring(sql));

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out;
}
