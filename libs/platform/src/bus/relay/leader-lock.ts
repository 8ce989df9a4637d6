import { createHash } from 'node:crypto';
import { Logger, LoggerService } from '@nestjs/common';
import { Client, ClientConfig } from 'pg';
import { errorLabel } from '../error-label';
import { LeaderLockError } from '../errors';

export interface LeaderLockOptions {
  /** A dedicated connection: a session advisory lock lives exactly as long as its session. */
  connection: ClientConfig | string;
  /** Lock name; every relay of one deployment must use the same. */
  name?: string;
  /** Pause between attempts while another process holds the lock. */
  retryMs?: number;
  /** Liveness probe of the session while held; a failed probe means leadership is lost. */
  heartbeatMs?: number;
  logger?: LoggerService;
}

/** 64-bit advisory lock key from the name, so deployments sharing a database can pick distinct locks. */
export const advisoryLockKey = (name: string): string => createHash('sha256').update(name).digest().readBigInt64BE(0).toString();

/**
 * Leader election by a Postgres session advisory lock on a dedicated connection. The
 * database releases the lock when the session ends, so a crashed leader is replaced
 * without any lease bookkeeping. Leadership is an efficiency measure for the relay, not
 * a correctness one: two relays briefly publishing together only produce duplicates
 * that JetStream drops by `Nats-Msg-Id`.
 */
export class LeaderLock {
  private client: Client | null = null;
  private heartbeat: NodeJS.Timeout | undefined;
  private lostSignal: (() => void) | null = null;
  private heldNow = false;
  private readonly key: string;
  private readonly logger: LoggerService;

  constructor(private readonly options: LeaderLockOptions) {
    this.key = advisoryLockKey(options.name ?? 'gantry:relay');
    this.logger = options.logger ?? new Logger('LeaderLock');
  }

  get held(): boolean {
    return this.heldNow;
  }

  /** Resolves once this process holds the lock; rejects with LeaderLockError when `signal` aborts first. */
  async acquire(signal?: AbortSignal): Promise<void> {
    while (!this.heldNow) {
      if (signal?.aborted) throw new LeaderLockError('lock acquisition aborted');
      if (await this.tryOnce()) return;
      await sleep(this.options.retryMs ?? 2_000, signal);
    }
  }

  private async tryOnce(): Promise<boolean> {
    try {
      const client = this.client ?? (await this.connect());
      const res = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [this.key]);
      if (res.rows[0]?.locked !== true) return false;
      this.heldNow = true;
      this.heartbeat = setInterval(() => void this.probe(), this.options.heartbeatMs ?? 5_000);
      return true;
    } catch (error) {
      this.logger.warn(`cannot try the leader lock (${errorLabel(error)})`);
      await this.dropClient();
      return false;
    }
  }

  private async connect(): Promise<Client> {
    const client = new Client(typeof this.options.connection === 'string' ? { connectionString: this.options.connection } : this.options.connection);
    // Without a listener a dropped idle connection would crash the process.
    // A late event from an earlier, already dropped client must not end the current one.
    client.on('error', (error) => this.client === client && this.lose(error));
    client.on('end', () => this.client === client && this.lose(new LeaderLockError('session ended')));
    await client.connect();
    this.client = client;
    return client;
  }

  private async probe(): Promise<void> {
    try {
      await this.client?.query('SELECT 1');
    } catch (error) {
      this.lose(error);
    }
  }

  private lose(cause: unknown): void {
    if (this.heldNow) this.logger.warn(`leadership lost (${errorLabel(cause)})`);
    this.heldNow = false;
    clearInterval(this.heartbeat);
    void this.dropClient();
    const signal = this.lostSignal;
    this.lostSignal = null;
    signal?.();
  }

  /** Resolves when leadership is lost (the session failed); immediately when not held. */
  lost(): Promise<void> {
    if (!this.heldNow) return Promise.resolve();
    return new Promise((resolve) => {
      const previous = this.lostSignal;
      this.lostSignal = () => {
        previous?.();
        resolve();
      };
    });
  }

  private async dropClient(): Promise<void> {
    const client = this.client;
    this.client = null;
    client?.removeAllListeners('end');
    await client?.end().catch(() => undefined);
  }

  /** Unlocks explicitly (ending the session would too) and closes the connection. */
  async release(): Promise<void> {
    clearInterval(this.heartbeat);
    if (this.heldNow && this.client) {
      await this.client.query('SELECT pg_advisory_unlock($1::bigint)', [this.key]).catch(() => undefined);
    }
    this.heldNow = false;
    await this.dropClient();
    const signal = this.lostSignal;
    this.lostSignal = null;
    signal?.();
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
