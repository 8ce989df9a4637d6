import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { PgliteSessionQueue, queryMessage } from './pglite-session-queue';

export interface PgliteServerOptions {
  /** PGlite's Postgres data directory (created by initdb on first start). */
  dataDir: string;
  /** Unix socket to serve on; its directory is the `host` pg connects to. */
  socketPath: string;
  maxConnections: number;
}

export interface RunningPgliteServer {
  stop(): Promise<void>;
}

/**
 * PGlite has no autovacuum launcher, so nothing ever analyzes its tables: the planner keeps
 * judging them by the statistics of empty tables, and as the event store and catalog grow
 * its plans make every statement slower (measured: a 10,000-slice run fell to a third of
 * its speed, and recovered at once after one ANALYZE). ANALYZE samples a bounded number of
 * rows, so running it periodically costs about the same at any size.
 */
const ANALYZE_EVERY_MS = 15_000;
/** The session queue's id for the server's own maintenance statements (connections count from 1). */
const MAINTENANCE = -1;

/** Opens PGlite on `dataDir` and serves it to pg clients over a unix socket. */
export async function startPgliteServer(options: PgliteServerOptions): Promise<RunningPgliteServer> {
  const db = await PGlite.create(options.dataDir);
  try {
    // PGlite is one session shared by every connection. Without synchronous commit a commit
    // returns before its WAL reaches the disk: an OS crash may lose the last moments of work
    // but can never corrupt the database, and the embedded pipeline runs about 3x faster.
    // (The server deployment on real Postgres keeps the server's own setting.)
    await db.exec('SET synchronous_commit = off');
    const server = new PGLiteSocketServer({ db, path: options.socketPath, maxConnections: options.maxConnections });
    const queue = new PgliteSessionQueue(db);
    replaceQueryQueue(server, queue);
    await server.start();
    // Queued like any connection's statement, so it never lands inside someone's transaction.
    const analyze = setInterval(() => void queue.enqueue(MAINTENANCE, queryMessage('ANALYZE'), () => undefined).catch(() => undefined), ANALYZE_EVERY_MS);
    analyze.unref();
    return {
      async stop(): Promise<void> {
        clearInterval(analyze);
        await server.stop();
        await db.close();
      },
    };
  } catch (e) {
    await db.close();
    throw e;
  }
}

/**
 * The server builds its own query queue and hands it to each connection's handler; it is
 * swapped before the first connection. The check makes an upgrade that renames the field
 * fail at start instead of silently restoring the interleaving queue (the version is pinned).
 */
function replaceQueryQueue(server: PGLiteSocketServer, queue: PgliteSessionQueue): void {
  if (!('queryQueue' in server)) {
    throw new Error('@electric-sql/pglite-socket changed: PGLiteSocketServer has no queryQueue to replace');
  }
  Reflect.set(server, 'queryQueue', queue);
}
