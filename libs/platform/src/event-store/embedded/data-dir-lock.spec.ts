import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockDataDir, socketDirFor, socketPathIn } from './data-dir-lock';

describe('data directory lock', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gantry-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('admits one holder at a time and frees the directory on unlock', () => {
    const unlock = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(expect.objectContaining({ code: 'DATA_DIR_IN_USE' }));
    unlock();
    expect(existsSync(join(dir, 'gantry-embedded.pid'))).toBe(false);
    lockDataDir(dir)();
  });

  it('takes over the lock of a process that no longer exists', () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(join(dir, 'gantry-embedded.pid'), dead);
    expect(() => lockDataDir(dir)()).not.toThrow();
  });

  it('keeps the socket beside the data unless the path is too long for a unix socket', () => {
    expect(socketDirFor(dir)).toBe(dir);
    const long = join(dir, 'x'.repeat(120));
    const fallback = socketDirFor(long);
    expect(fallback.startsWith(tmpdir())).toBe(true);
    expect(socketPathIn(fallback).length).toBeLessThan(100);
    expect(socketDirFor(long)).toBe(fallback);
    chmodSync(fallback, 0o755);
    expect(() => socketDirFor(long)).toThrow(expect.objectContaining({ code: 'SOCKET_UNUSABLE' }));
    rmSync(fallback, { recursive: true, force: true });
  });
});
