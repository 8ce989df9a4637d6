import { Client, ClientConfig, Notification } from 'pg';
import { SqlClient } from './sql-client';
import { APPEND_CHANNEL } from './sql-states';

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;

/**
 * Its own tiny transaction, committed without waiting for the WAL flush: a hint lost in
 * a crash costs a subscriber one poll interval, and must not cost an append an fsync.
 */
const NOTIFY_SQL = `SELECT set_config('synchronous_commit', 'off', true), pg_notify('${APPEND_CHANNEL}', $1)`;

/** Hints to and from other processes; absent on PGlite, whose one session has nobody to tell. */
export interface CrossProcessHints {
  /** Connection settings of the dedicated LISTEN client. */
  listen: ClientConfig;
  /** Where NOTIFY is sent from. */
  db: SqlClient;
}

/**
 * Wake-up hints for subscribers: local listeners fire after each committed append of
 * this process, a NOTIFY tells other processes, and a dedicated LISTEN connection relays
 * theirs. Hints only: a subscriber still reads from its checkpoint, so a lost or duplicate
 * hint costs latency, never correctness. That is why an unavailable LISTEN connection is
 * tolerated (retried with backoff) instead of failing the store.
 */
export class AppendNotifier {
  private readonly listeners = new Set<() => void>();
  private client: Client | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryMs = FIRST_RETRY_MS;
  private closed = false;
  private announcing: Promise<void> | null = null;
  private announceAgain = false;

  constructor(
    private readonly schema: string,
    private readonly crossProcess: CrossProcessHints | null,
  ) {}

  /** After a committed append: wake local listeners now, and other processes soon. */
  appended(): void {
    this.fire();
    this.announce();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    if (this.crossProcess && !this.client && !this.retryTimer && !this.closed) void this.connect(this.crossProcess.listen);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Fires every listener; one that throws must not starve the others or fail the append. */
  fire(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // A listener's failure is its own concern: the hint is advisory.
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.announcing;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => undefined);
  }

  /**
   * Coalesced: while one NOTIFY is in flight, any number of appends ask for one more, so
   * a burst of appends costs at most two extra statements, off the appends' critical path.
   */
  private announce(): void {
    const db = this.crossProcess?.db;
    if (!db || this.closed) return;
    if (this.announcing) {
      this.announceAgain = true;
      return;
    }
    this.announcing = this.sendNotifications(db);
  }

  private async sendNotifications(db: SqlClient): Promise<void> {
    do {
      this.announceAgain = false;
      await db.query(NOTIFY_SQL, [this.schema]).catch(() => undefined);
    } while (this.announceAgain && !this.closed);
    this.announcing = null;
  }

  private async connect(config: ClientConfig): Promise<void> {
    const client = new Client({ ...config, application_name: 'gantry-event-store-listen' });
    this.client = client;
    client.on('notification', (message: Notification) => {
      if (message.channel === APPEND_CHANNEL && message.payload === this.schema) this.fire();
    });
    client.on('error', () => this.drop(client));
    client.on('end', () => this.drop(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${APPEND_CHANNEL}`);
      this.retryMs = FIRST_RETRY_MS;
      // Appends made while the connection was down sent hints nobody heard.
      this.fire();
    } catch {
      this.drop(client);
    }
  }

  private drop(client: Client): void {
    if (this.client !== client) return;
    this.client = null;
    client.end().catch(() => undefined);
    if (this.closed || this.listeners.size === 0 || !this.crossProcess) return;
    const config = this.crossProcess.listen;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.closed) void this.connect(config);
    }, this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
  }
}
