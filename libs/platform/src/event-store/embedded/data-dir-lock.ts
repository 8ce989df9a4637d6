import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgresError } from '../errors';

const LOCK_FILE = 'gantry-embedded.pid';
/** pg connects to `<host>/.s.PGSQL.<port>`. */
export const SOCKET_PORT = 5432;
const SOCKET_NAME = `.s.PGSQL.${SOCKET_PORT}`;
/** sun_path holds 108 bytes on Linux (104 on macOS), including the terminating NUL. */
const MAX_SOCKET_PATH = 100;

/**
 * One process per data directory: two PGlite instances on the same files corrupt them.
 * The lock is a pid file; one left by a dead process (a crash) is taken over.
 */
export function lockDataDir(root: string): () => void {
  const lockPath = join(root, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(lockPath, String(process.pid), { flag: 'wx', mode: 0o600 });
      return () => rmSync(lockPath, { force: true });
    } catch (e) {
      if (!isCode(e, 'EEXIST')) throw e;
      if (holderAlive(lockPath)) break;
      rmSync(lockPath, { force: true });
    }
  }
  throw new EmbeddedPostgresError('DATA_DIR_IN_USE', `another live process holds ${lockPath}`);
}

function holderAlive(lockPath: string): boolean {
  const pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the pid exists but belongs to someone else, so it is alive.
    return isCode(e, 'EPERM');
  }
}

/**
 * The socket lives in the data directory (its permissions guard it: PGlite trusts every
 * connection), unless that path is too long for a unix socket; then in a private
 * directory under the OS temp dir, named after the data directory.
 */
export function socketDirFor(root: string): string {
  if (join(root, SOCKET_NAME).length <= MAX_SOCKET_PATH) return root;
  const dir = fallbackSocketDir(root);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // PGlite trusts every connection: a directory someone else made (or can enter) would let
  // them in, or let them stand in for the database.
  const stat = statSync(dir);
  if ((process.getuid && stat.uid !== process.getuid()) || (stat.mode & 0o077) !== 0) {
    throw new EmbeddedPostgresError('SOCKET_UNUSABLE', `${dir} is not a private directory of this user`);
  }
  return dir;
}

/** The private socket directory used when the data directory's path is too long. */
export const fallbackSocketDir = (root: string): string =>
  join(tmpdir(), `gantry-pglite-${createHash('sha256').update(root).digest('hex').slice(0, 16)}`);

export const socketPathIn = (dir: string): string => join(dir, SOCKET_NAME);

/**
 * A crashed process leaves its socket file behind and listen() then fails with
 * EADDRINUSE. Called with the data directory locked, so a socket nobody answers on is
 * stale and removed; one that answers is a foreign server, which is refused.
 */
export async function clearStaleSocket(socketPath: string): Promise<void> {
  const answer = await probe(socketPath);
  if (answer === 'absent') return;
  if (answer === 'live') throw new EmbeddedPostgresError('DATA_DIR_IN_USE', `a server already listens on ${socketPath}`);
  unlinkSync(socketPath);
}

function probe(socketPath: string): Promise<'absent' | 'live' | 'stale'> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    socket.once('connect', () => {
      socket.destroy();
      resolve('live');
    });
    socket.once('error', (e) => {
      if (isCode(e, 'ENOENT')) resolve('absent');
      else if (isCode(e, 'ECONNREFUSED')) resolve('stale');
      else reject(new EmbeddedPostgresError('SOCKET_UNUSABLE', `cannot probe ${socketPath}`, { cause: e }));
    });
  });
}

const isCode = (e: unknown, code: string): boolean =>
  e !== null && typeof e === 'object' && 'code' in e && e.code === code;
