import { messageType, PgliteSession, PgliteSessionQueue } from './pglite-session-queue';

/** A frontend message: type byte, length, then `body` as a C string. */
function message(type: string, body: string): Uint8Array {
  const text = Buffer.from(`${body}\0`);
  const out = Buffer.alloc(5 + text.length);
  out.write(type, 0);
  out.writeInt32BE(4 + text.length, 1);
  text.copy(out, 5);
  return new Uint8Array(out);
}

/** `T:body` per frame; a batch of several frames reads as their labels joined. */
function label(m: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < m.length; ) {
    const length = Buffer.from(m.buffer, m.byteOffset, m.byteLength).readInt32BE(i + 1);
    parts.push(`${String.fromCharCode(m[i]!)}:${Buffer.from(m.subarray(i + 5, i + 1 + length)).toString().replace(/\0/g, '')}`);
    i += 1 + length;
  }
  return parts.join('');
}

/** Records what ran, in order; BEGIN / COMMIT / ROLLBACK drive the transaction flag like Postgres. */
class FakeSession implements PgliteSession {
  readonly ran: string[] = [];
  inTransaction = false;
  failNext = false;
  private mutex: Promise<unknown> = Promise.resolve();

  isInTransaction(): boolean {
    return this.inTransaction;
  }

  runExclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.mutex.then(fn);
    this.mutex = run.catch(() => undefined);
    return run;
  }

  async execProtocolRawStream(m: Uint8Array, options: { onRawData: (data: Uint8Array) => void }): Promise<void> {
    await Promise.resolve();
    if (this.failNext) {
      this.failNext = false;
      throw new Error('wasm trap');
    }
    this.record(label(m));
    options.onRawData(new Uint8Array([1, 2, 3]));
  }

  async execProtocolRaw(m: Uint8Array): Promise<Uint8Array> {
    await Promise.resolve();
    this.record(`raw ${label(m)}`);
    return new Uint8Array();
  }

  private record(entry: string): void {
    this.ran.push(entry);
    if (entry.endsWith('Q:BEGIN')) this.inTransaction = true;
    if (entry.endsWith('Q:COMMIT') || entry.endsWith('Q:ROLLBACK')) this.inTransaction = false;
  }
}

/** A connection as pglite-socket drives one: each message waits for the previous one. */
async function connection(queue: PgliteSessionQueue, id: number, messages: Array<[string, string]>): Promise<void> {
  for (const [type, body] of messages) await queue.enqueue(id, message(type, body), () => undefined);
}

const batch = (id: number): Array<[string, string]> => ['P', 'B', 'D', 'E', 'S'].map((t) => [t, `${id}`]);

describe('PgliteSessionQueue', () => {
  it('runs each extended-protocol batch without another connection in between', async () => {
    const session = new FakeSession();
    const queue = new PgliteSessionQueue(session);
    await Promise.all([connection(queue, 1, batch(1)), connection(queue, 2, batch(2)), connection(queue, 3, [['Q', 'SELECT 3']])]);
    // Each batch reaches PGlite as one call, Sync last; nothing of another connection inside it.
    expect([...session.ran].sort()).toEqual(['P:1B:1D:1E:1S:1', 'P:2B:2D:2E:2S:2', 'Q:SELECT 3']);
  });

  it('holds a batch until its Flush, and keeps the session with it until the Sync', async () => {
    const session = new FakeSession();
    const queue = new PgliteSessionQueue(session);
    await connection(queue, 1, [['P', '1'], ['D', '1'], ['H', '1']]);
    const other = connection(queue, 2, batch(2));
    await new Promise((r) => setTimeout(r, 10));
    expect(session.ran).toEqual(['P:1D:1H:1']);
    await connection(queue, 1, [['B', '1'], ['E', '1'], ['S', '1']]);
    await other;
    expect(session.ran).toEqual(['P:1D:1H:1', 'B:1E:1S:1', 'P:2B:2D:2E:2S:2']);
  });

  it('keeps the session with a connection for its whole transaction block', async () => {
    const session = new FakeSession();
    const queue = new PgliteSessionQueue(session);
    const first = connection(queue, 1, [['Q', 'BEGIN'], ...batch(1), ['Q', 'COMMIT']]);
    const second = connection(queue, 2, [['Q', 'SELECT 2']]);
    await Promise.all([first, second]);
    expect(session.ran[session.ran.length - 1]).toBe('Q:SELECT 2');
  });

  it('rolls back what a vanished connection left open, then serves the others', async () => {
    const session = new FakeSession();
    const queue = new PgliteSessionQueue(session);
    await connection(queue, 1, [['Q', 'BEGIN'], ['P', '1']]);
    const waiting = queue.enqueue(2, message('Q', 'SELECT 2'), () => undefined);
    queue.clearQueueForHandler(1);
    await queue.clearTransactionIfNeeded(1);
    await waiting;
    // The held Parse never ran. A Parse that fails, then Sync, in one raw exchange; then the
    // explicit block is rolled back.
    expect(session.ran[0]).toBe('Q:BEGIN');
    expect(session.ran.slice(1)).toEqual([expect.stringMatching(/^raw P:gantry: abandoned session/), 'raw Q:ROLLBACK', 'Q:SELECT 2']);
    expect(session.inTransaction).toBe(false);
  });

  it('rejects the pending messages of a closed connection', async () => {
    const session = new FakeSession();
    const queue = new PgliteSessionQueue(session);
    await connection(queue, 1, [['Q', 'BEGIN']]);
    const stranded = queue.enqueue(2, message('Q', 'SELECT 2'), () => undefined);
    expect(queue.getQueueLength()).toBe(1);
    queue.clearQueueForHandler(2);
    await expect(stranded).rejects.toThrow('connection closed');
  });

  it('keeps going after a message fails inside PGlite', async () => {
    const session = new FakeSession();
    const queue = new PgliteSessionQueue(session);
    session.failNext = true;
    const failed = queue.enqueue(1, message('Q', 'SELECT 1'), () => undefined);
    const next = queue.enqueue(2, message('Q', 'SELECT 2'), () => undefined);
    await expect(failed).rejects.toThrow('wasm trap');
    await expect(next).resolves.toBe(3);
  });

  it('recognizes the startup message, which has no type byte', () => {
    const startup = Buffer.alloc(8);
    startup.writeInt32BE(8, 0);
    startup.writeInt32BE(196608, 4);
    expect(messageType(new Uint8Array(startup))).toBeNull();
    expect(messageType(message('Q', 'SELECT 1'))).toBe('Q');
  });
});
