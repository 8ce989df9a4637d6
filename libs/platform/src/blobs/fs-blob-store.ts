import { randomUUID } from 'node:crypto';
import { Dir, constants } from 'node:fs';
import { FileHandle, access, mkdir, open, opendir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { BlobInfo, BlobNotFoundError, BlobStore } from './blob-store.port';
import { BlobStoreError } from './blob-store-error';
import { assertBlobKey, assertBlobPrefix, assertRangeLength } from './blob-key';
import { toBuffer } from './stream-bytes';

/** Temp files live inside the root so `rename` never crosses a filesystem. */
const TEMP_DIR = '.tmp';
/** Temp files older than this were left by a crash: nobody is still writing them. */
const STALE_TEMP_MS = 24 * 60 * 60 * 1000;
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

/**
 * Blobs as files under `rootDir`, one file per key (`raw/ab/<hex>.dcm`). A put streams to
 * a temp file, fsyncs it, renames it over the key and fsyncs the directory: a reader sees
 * the old object or the whole new one, and a crash leaves at most a stray temp file, never
 * a half object under a key. Renaming over an existing key is what makes a repeated put
 * of the same bytes safe. Files and directories are private to the service user (PHI).
 */
export class FsBlobStore extends BlobStore {
  readonly rootDir: string;
  private ready: Promise<void> | undefined;

  constructor(rootDir: string) {
    super();
    this.rootDir = resolve(rootDir);
  }

  async put(key: string, body: Readable | Uint8Array, options: { size?: number } = {}): Promise<BlobInfo> {
    const target = this.pathOf(key);
    await this.prepare();
    const temp = join(this.rootDir, TEMP_DIR, `${randomUUID()}.part`);
    try {
      const size = await writeDurably(temp, body);
      if (options.size !== undefined && options.size !== size) {
        throw new BlobStoreError('BLOB_SIZE_MISMATCH', `blob body was ${size} bytes, ${options.size} announced: ${key}`);
      }
      await mkdir(dirname(target), { recursive: true, mode: DIR_MODE });
      await rename(temp, target);
      await syncDir(dirname(target));
      return { key, size };
    } catch (e) {
      await rm(temp, { force: true });
      throw wrap(e, 'put', key);
    }
  }

  async get(key: string): Promise<Readable> {
    const handle = await this.openForRead(key);
    return handle.createReadStream();
  }

  async getBytes(key: string): Promise<Uint8Array> {
    try {
      return await readFile(this.pathOf(key));
    } catch (e) {
      throw wrap(e, 'read', key);
    }
  }

  async getRange(key: string, length: number): Promise<Uint8Array> {
    assertRangeLength(length);
    const handle = await this.openForRead(key);
    try {
      const buffer = Buffer.alloc(length);
      let filled = 0;
      while (filled < length) {
        const { bytesRead } = await handle.read(buffer, filled, length - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return buffer.subarray(0, filled);
    } catch (e) {
      throw wrap(e, 'read', key);
    } finally {
      await handle.close();
    }
  }

  async stat(key: string): Promise<BlobInfo | null> {
    try {
      const s = await stat(this.pathOf(key));
      return s.isFile() ? { key, size: s.size } : null;
    } catch (e) {
      if (isMissing(e)) return null;
      throw wrap(e, 'stat', key);
    }
  }

  /** Deleting a missing key is not an error, as on S3. Fan-out directories are kept: they are few and reused. */
  async delete(key: string): Promise<void> {
    try {
      await unlink(this.pathOf(key));
    } catch (e) {
      if (!isMissing(e)) throw wrap(e, 'delete', key);
    }
  }

  /** Every key starting with `prefix`, at any depth, in no particular order. */
  async *list(prefix: string): AsyncIterable<BlobInfo> {
    assertBlobPrefix(prefix);
    const base = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/') + 1) : '';
    for await (const info of this.walk(base)) {
      if (info.key.startsWith(prefix)) yield info;
    }
  }

  async check(): Promise<void> {
    try {
      await this.prepare();
      await access(this.rootDir, constants.R_OK | constants.W_OK);
    } catch (e) {
      this.ready = undefined;
      throw new BlobStoreError('BLOB_STORE_UNAVAILABLE', 'blob directory is not readable and writable', { cause: e });
    }
  }

  async close(): Promise<void> {
    // Nothing is held open between calls.
  }

  private async *walk(relDir: string): AsyncGenerator<BlobInfo> {
    let dir: Dir;
    try {
      dir = await opendir(join(this.rootDir, relDir));
    } catch (e) {
      if (isMissing(e)) return;
      throw wrap(e, 'list', relDir);
    }
    for await (const entry of dir) {
      if (entry.name.startsWith('.')) continue;
      const key = `${relDir}${entry.name}`;
      if (entry.isDirectory()) yield* this.walk(`${key}/`);
      else if (entry.isFile()) {
        const info = await this.stat(key);
        if (info) yield info;
      }
    }
  }

  private async openForRead(key: string): Promise<FileHandle> {
    try {
      const handle = await open(this.pathOf(key), 'r');
      if ((await handle.stat()).isFile()) return handle;
      await handle.close();
      throw new BlobNotFoundError(key);
    } catch (e) {
      throw wrap(e, 'read', key);
    }
  }

  private pathOf(key: string): string {
    assertBlobKey(key);
    return join(this.rootDir, ...key.split('/'));
  }

  /** Creates the directories once and sweeps temp files that a crash left behind. */
  private prepare(): Promise<void> {
    this.ready ??= (async () => {
      const tempDir = join(this.rootDir, TEMP_DIR);
      await mkdir(tempDir, { recursive: true, mode: DIR_MODE });
      await sweepStaleTemps(tempDir, Date.now() - STALE_TEMP_MS);
    })();
    return this.ready;
  }
}

async function writeDurably(path: string, body: Readable | Uint8Array): Promise<number> {
  const handle = await open(path, 'wx', FILE_MODE);
  try {
    let size = 0;
    const chunks: AsyncIterable<unknown> | Iterable<unknown> = body instanceof Uint8Array ? [body] : body;
    for await (const chunk of chunks) {
      size += await writeAll(handle, toBuffer(chunk));
    }
    await handle.sync();
    return size;
  } finally {
    await handle.close();
  }
}

async function writeAll(handle: FileHandle, buf: Buffer): Promise<number> {
  let offset = 0;
  while (offset < buf.length) {
    const { bytesWritten } = await handle.write(buf, offset, buf.length - offset);
    offset += bytesWritten;
  }
  return buf.length;
}

/** Makes a rename durable: without it a power cut can forget the new directory entry. */
async function syncDir(path: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function sweepStaleTemps(tempDir: string, olderThan: number): Promise<void> {
  for await (const entry of await opendir(tempDir)) {
    const path = join(tempDir, entry.name);
    const s = await stat(path).catch(() => null);
    if (s && s.mtimeMs < olderThan) await rm(path, { force: true });
  }
}

const isMissing = (e: unknown): boolean => {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
};

function wrap(e: unknown, op: string, key: string): Error {
  if (e instanceof BlobNotFoundError || e instanceof BlobStoreError) return e;
  if (isMissing(e) && op !== 'put') return new BlobNotFoundError(key);
  return new BlobStoreError('BLOB_IO', `blob ${op} failed: ${key}`, { cause: e });
}
