import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EmbeddedPostgresError } from '../errors';
import { clearStaleSocket, lockDataDir, SOCKET_PORT, socketDirFor, socketPathIn } from './data-dir-lock';
import { PgliteServerOptions, RunningPgliteServer, startPgliteServer } from './pglite-server';
import { PgliteWorkerHost } from './pglite-worker-host';

/** Connection settings for pg and TypeORM (`host` is the socket's directory). */
export interface EmbeddedPostgresConnection {
  host: string;
  port: number;
  user: string;
  database: string;
}

export interface EmbeddedPostgresOptions {
  /**
   * Where PGlite runs. 'worker' (default) keeps the WASM backend off the application's
   * event loop and is the only mode that works under Jest; 'main' saves the thread hop.
   */
  thread?: 'worker' | 'main';
  /** Socket connections served at once (they share PGlite's one session; default 64). */
  maxConnections?: number;
  /** An initialized pgdata directory copied in when `dataDir` has none (skips initdb). */
  template?: string;
}

/**
 * PGlite (Postgres compiled to WASM) in a directory, served over a unix socket so the
 * same pg/TypeORM code runs on it as on a server. `dataDir/pgdata` holds the database.
 * PGlite has a single backend session: transactions of different connections are run one
 * after another, never interleaved (see PgliteSessionQueue).
 */
export class EmbeddedPostgres {
  private server: RunningPgliteServer | null = null;
  private unlock: (() => void) | null = null;
  /** A socket directory made outside the data directory, removed again on stop. */
  private spareSocketDir: string | null = null;

  constructor(private readonly options: EmbeddedPostgresOptions = {}) {}

  async start(dataDir: string): Promise<EmbeddedPostgresConnection> {
    if (this.server) throw new EmbeddedPostgresError('ALREADY_STARTED', 'this embedded database is already running');
    const root = resolve(dataDir);
    mkdirSync(root, { recursive: true, mode: 0o700 });
    const unlock = lockDataDir(root);
    try {
      const socketDir = socketDirFor(root);
      const socketPath = socketPathIn(socketDir);
      await clearStaleSocket(socketPath);
      const pgdata = join(root, 'pgdata');
      if (this.options.template && !existsSync(pgdata)) seed(pgdata, this.options.template);
      this.server = await this.startServer({ dataDir: pgdata, socketPath, maxConnections: this.options.maxConnections ?? 64 });
      this.unlock = unlock;
      this.spareSocketDir = socketDir === root ? null : socketDir;
      return { host: socketDir, port: SOCKET_PORT, user: 'postgres', database: 'postgres' };
    } catch (e) {
      unlock();
      throw e;
    }
  }

  /** Stops serving and closes PGlite; idempotent. Close clients first: their sockets are cut. */
  async stop(): Promise<void> {
    const server = this.server;
    const unlock = this.unlock;
    const spare = this.spareSocketDir;
    this.server = null;
    this.unlock = null;
    this.spareSocketDir = null;
    try {
      await server?.stop();
    } finally {
      unlock?.();
      if (spare) rmSync(spare, { recursive: true, force: true });
    }
  }

  private async startServer(options: PgliteServerOptions): Promise<RunningPgliteServer> {
    if (this.options.thread !== 'main') return PgliteWorkerHost.start(options);
    try {
      return await startPgliteServer(options);
    } catch (e) {
      throw new EmbeddedPostgresError('START_FAILED', 'the embedded database did not start', { cause: e });
    }
  }
}

/** Copied aside, then renamed into place: a crash mid-copy must not leave a half data directory. */
function seed(pgdata: string, template: string): void {
  const partial = `${pgdata}.partial`;
  rmSync(partial, { recursive: true, force: true });
  cpSync(template, partial, { recursive: true });
  renameSync(partial, pgdata);
}
