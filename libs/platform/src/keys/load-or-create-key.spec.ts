import { chmod, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyRing } from '@gantry/domain';
import { KeyFileError } from './key-file-error';
import { KeyLogger, loadOrCreateKey } from './load-or-create-key';

function recordingLogger(): KeyLogger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, log: (m) => lines.push(`log ${m}`), warn: (m) => lines.push(`warn ${m}`) };
}

describe('loadOrCreateKey', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gantry-key-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a 32-byte hex key with mode 0600 in a new directory and warns to back it up', async () => {
    const keyFile = join(dir, 'nested', 'key');
    const logger = recordingLogger();
    const ring = await loadOrCreateKey(keyFile, logger);

    const text = await readFile(keyFile, 'utf8');
    expect(text).toMatch(/^[0-9a-f]{64}\n$/);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'nested'))).mode & 0o077).toBe(0);
    expect(ring.fingerprint).toBe(new KeyRing(Buffer.from(text.trim(), 'hex')).fingerprint);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatch(/^warn created a new deployment key at .*key \(fingerprint [0-9a-f]{16}\)\. Back this file up/);
    expect(logger.lines.join()).not.toContain(text.trim());
    expect(await readdir(join(dir, 'nested'))).toEqual(['key']);
  });

  it('loads the same key on the next start, logging only its fingerprint', async () => {
    const keyFile = join(dir, 'key');
    const first = await loadOrCreateKey(keyFile, recordingLogger());
    const logger = recordingLogger();
    const second = await loadOrCreateKey(keyFile, logger);
    expect(second.instanceKey('1.2.3')).toBe(first.instanceKey('1.2.3'));
    expect(logger.lines).toEqual([`log loaded deployment key ${first.fingerprint} from ${keyFile}`]);
  });

  it('gives every concurrent starter the same key', async () => {
    const keyFile = join(dir, 'key');
    const rings = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateKey(keyFile, recordingLogger())));
    expect(new Set(rings.map((r) => r.fingerprint)).size).toBe(1);
  });

  it('refuses a group- or world-readable key file', async () => {
    const keyFile = join(dir, 'key');
    await writeFile(keyFile, 'ab'.repeat(32), { mode: 0o600 });
    await chmod(keyFile, 0o644);
    await expect(loadOrCreateKey(keyFile, recordingLogger())).rejects.toThrow(KeyFileError);
    await expect(loadOrCreateKey(keyFile, recordingLogger())).rejects.toMatchObject({
      code: 'KEY_FILE_PERMISSIONS',
      message: expect.stringContaining('has mode 644') as unknown,
    });
    await chmod(keyFile, 0o640);
    await expect(loadOrCreateKey(keyFile, recordingLogger())).rejects.toMatchObject({ code: 'KEY_FILE_PERMISSIONS' });
  });

  it('refuses a key shorter than 32 bytes without echoing it', async () => {
    const keyFile = join(dir, 'key');
    await writeFile(keyFile, 'cd'.repeat(31), { mode: 0o600 });
    const error = await loadOrCreateKey(keyFile, recordingLogger()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'KEY_FILE_TOO_SHORT', message: expect.stringContaining('holds 31 bytes') as unknown });
    expect((error as Error).message).not.toContain('cdcd');
  });

  it('refuses a key file that is not hex text', async () => {
    const keyFile = join(dir, 'key');
    await writeFile(keyFile, 'not a key at all, but long enough to be one if it were hex', { mode: 0o600 });
    await expect(loadOrCreateKey(keyFile, recordingLogger())).rejects.toMatchObject({ code: 'KEY_FILE_FORMAT' });
  });

  it('reports a key path that cannot be created', async () => {
    await writeFile(join(dir, 'file'), 'x');
    await expect(loadOrCreateKey(join(dir, 'file', 'key'), recordingLogger())).rejects.toMatchObject({
      code: expect.stringMatching(/^KEY_FILE_/) as unknown,
    });
  });
});
