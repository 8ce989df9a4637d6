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

const label = (m: Uint8Array): string => `${String.fromCharCode(m[0]!)}:${Buffer.from(m.subarray(5)).toString().replace(/\0/g, '')}`;

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
    const owners = session.ran.map((r) => r.slice(-1));
    const switches = owners.filter((o, i) => i > 0 && o !== owners[i - 1]).length;
    expect(session.ran).toHaveLength(11);
    expect(switches).toBe(2);
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
    // A Parse that fails, then Sync, in one raw exchange; then the explicit block is rolled back.
    expect(session.ran.slice(2)).toEqual([expect.stringMatching(/^raw P:gantry: abandoned session/), 'raw Q:ROLLBACK', 'Q:SELECT 2']);
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
