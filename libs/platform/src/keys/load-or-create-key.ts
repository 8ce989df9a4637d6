import { randomBytes, randomUUID } from 'node:crypto';
import { chmod, link, mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { KeyRing } from '@gantry/domain';
import { KeyFileError } from './key-file-error';

/** What key loading needs from a logger; a Nest `LoggerService` or `GantryLogger` fits. */
export interface KeyLogger {
  log(message: string): void;
  warn(message: string): void;
}

const KEY_BYTES = 32;
const HEX = /^(?:[0-9a-fA-F]{2})+$/;

/**
 * The deployment `KeyRing` from `keyFile`, created on first start. Every pseudonym and
 * opaque key derives from this secret: losing the file means the same patient gets new
 * pseudonyms, so creation is logged as a warning asking the operator to back it up.
 * Only the public fingerprint is ever logged.
 */
export async function loadOrCreateKey(keyFile: string, logger: KeyLogger): Promise<KeyRing> {
  let created = false;
  if (!(await exists(keyFile))) created = await createKeyFile(keyFile);
  const ring = new KeyRing(await readKeyFile(keyFile));
  if (created) {
    logger.warn(
      `created a new deployment key at ${keyFile} (fingerprint ${ring.fingerprint}). ` +
        'Back this file up now and keep it secret: without it pseudonyms and opaque keys cannot be reproduced.',
    );
  } else {
    logger.log(`loaded deployment key ${ring.fingerprint} from ${keyFile}`);
  }
  return ring;
}

/** Reads and checks a key file: owner-only permissions, hex text of at least 32 bytes. */
export async function readKeyFile(keyFile: string): Promise<Buffer> {
  let text: string;
  try {
    const info = await stat(keyFile);
    if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
      const mode = (info.mode & 0o777).toString(8).padStart(3, '0');
      throw new KeyFileError('KEY_FILE_PERMISSIONS', `key file ${keyFile} has mode ${mode}: it must not be accessible to group or others (chmod 600)`);
    }
    text = (await readFile(keyFile, 'utf8')).trim();
  } catch (e) {
    if (e instanceof KeyFileError) throw e;
    throw new KeyFileError('KEY_FILE_UNREADABLE', `cannot read key file ${keyFile}`, { cause: e });
  }
  if (!HEX.test(text)) {
    throw new KeyFileError('KEY_FILE_FORMAT', `key file ${keyFile} must hold the key as hexadecimal text`);
  }
  const secret = Buffer.from(text, 'hex');
  if (secret.length < KEY_BYTES) {
    throw new KeyFileError('KEY_FILE_TOO_SHORT', `key file ${keyFile} holds ${secret.length} bytes; at least ${KEY_BYTES} are required`);
  }
  return secret;
}

/**
 * Writes a fresh key without ever exposing a partial file: temp file, fsync, then `link`,
 * which fails if the key appeared meanwhile (another replica won the race; use its key).
 * Returns whether this call created the file.
 */
async function createKeyFile(keyFile: string): Promise<boolean> {
  const dir = dirname(keyFile);
  const temp = join(dir, `.key-${randomUUID()}.tmp`);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(`${randomBytes(KEY_BYTES).toString('hex')}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await chmod(temp, 0o600);
    await link(temp, keyFile);
    await syncDir(dir);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new KeyFileError('KEY_FILE_CREATE', `cannot create key file ${keyFile}`, { cause: e });
  } finally {
    await rm(temp, { force: true });
  }
}

/** Makes the new directory entry durable: a key lost to a power cut would orphan every pseudonym made with it. */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new KeyFileError('KEY_FILE_UNREADABLE', `cannot inspect key file ${path}`, { cause: e });
  }
}
