import { mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { BlobStoreError } from './blob-store-error';
import { createBlobStore } from './create-blob-store';
import { FsBlobStore } from './fs-blob-store';

// The shared BlobStore contract (also run on S3) lives in libs/testing/src/s3; these are
// the filesystem store's own guarantees.
describe('FsBlobStore on disk', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'gantry-fs-blobs-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('never leaves a partial object or temp file when the body fails mid-stream', async () => {
    const store = new FsBlobStore(root);
    await store.put('raw/ab/x.dcm', Buffer.from('previous complete object'));
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1024 * 1024));
        this.destroy(new Error('client hung up'));
      },
    });
    await expect(store.put('raw/ab/x.dcm', failing)).rejects.toMatchObject({ code: 'BLOB_IO' });
    expect((await store.getBytes('raw/ab/x.dcm')).toString()).toBe('previous complete object');
    expect(await readdir(join(root, '.tmp'))).toEqual([]);
  });

  it('keeps blobs private to the service user', async () => {
    const store = new FsBlobStore(root);
    await store.put('raw/cd/y.dcm', Buffer.from('phi'));
    expect((await stat(join(root, 'raw/cd/y.dcm'))).mode & 0o077).toBe(0);
  });

  it('sweeps temp files a crash left behind, but not recent ones, and never lists them', async () => {
    const tempDir = join(root, '.tmp');
    await new FsBlobStore(root).check();
    await writeFile(join(tempDir, 'old.part'), 'half');
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    await utimes(join(tempDir, 'old.part'), twoDaysAgo, twoDaysAgo);
    await writeFile(join(tempDir, 'fresh.part'), 'in progress elsewhere');

    const store = new FsBlobStore(root);
    await store.put('raw/ef/z.dcm', Buffer.from('z'));
    expect(await readdir(tempDir)).toEqual(['fresh.part']);
    const keys: string[] = [];
    for await (const info of store.list('')) keys.push(info.key);
    expect(keys).toEqual(['raw/ef/z.dcm']);
  });

  it('treats a directory as no object', async () => {
    const store = new FsBlobStore(root);
    await store.put('raw/ab/x.dcm', Buffer.from('x'));
    await expect(store.stat('raw/ab')).resolves.toBeNull();
    await expect(store.getBytes('raw/ab')).rejects.toMatchObject({ code: 'BLOB_NOT_FOUND' });
    await expect(store.get('raw/ab')).rejects.toMatchObject({ code: 'BLOB_NOT_FOUND' });
  });

  it('is created and checked by the factory', async () => {
    const dir = join(root, 'nested', 'blobs');
    const store = await createBlobStore({ kind: 'fs', dir });
    expect(store).toBeInstanceOf(FsBlobStore);
    expect((await stat(join(dir, '.tmp'))).isDirectory()).toBe(true);
    await store.close();
  });

  it('fails its check when the directory cannot be created', async () => {
    await writeFile(join(root, 'file'), 'not a directory');
    const store = new FsBlobStore(join(root, 'file', 'blobs'));
    await expect(store.check()).rejects.toBeInstanceOf(BlobStoreError);
    await expect(store.check()).rejects.toMatchObject({ code: 'BLOB_STORE_UNAVAILABLE' });
  });
});
