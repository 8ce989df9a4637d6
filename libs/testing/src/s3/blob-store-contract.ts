import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BlobInfo, BlobNotFoundError, BlobStore, BlobStoreError } from '@gantry/platform';

// Not exported from the package index: it needs Jest's globals, which only exist under Jest.

export interface BlobStoreUnderTest {
  store: BlobStore;
  teardown(): Promise<void>;
}

export interface ContractOptions {
  /**
   * Size of the streamed large object. Default 512 MiB: growth is bounded by a few parts plus
   * the garbage V8 tolerates before collecting (~64 MiB), so the object must be well above that.
   */
  largeObjectBytes?: number;
  /** The most the process RSS may grow while it uploads. Default half the object. */
  maxRssGrowthBytes?: number;
  /** Called with the measured peak RSS growth (bytes), for reports. */
  onRssMeasured?: (growthBytes: number, objectBytes: number) => void;
}

const MiB = 1024 * 1024;
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (data: Uint8Array): string => new TextDecoder().decode(data);

/** A stream of `total` random bytes in 1 MiB chunks, hashing as it goes and holding nothing. */
function randomStream(total: number, failAfter?: number): { stream: Readable; sha256: () => string } {
  const hash = createHash('sha256');
  let sent = 0;
  const stream = new Readable({
    read() {
      if (failAfter !== undefined && sent >= failAfter) return void this.destroy(new Error('source failed'));
      if (sent >= total) return void this.push(null);
      const chunk = randomBytes(Math.min(MiB, total - sent));
      sent += chunk.length;
      hash.update(chunk);
      this.push(chunk);
    },
  });
  return { stream, sha256: () => hash.digest('hex') };
}

async function sha256Of(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function collect(list: AsyncIterable<BlobInfo>): Promise<BlobInfo[]> {
  const found: BlobInfo[] = [];
  for await (const info of list) found.push(info);
  return found.sort((a, b) => a.key.localeCompare(b.key));
}

/** Samples RSS while `work` runs and returns its peak growth over the start. */
async function peakRssGrowth(work: () => Promise<void>): Promise<number> {
  const start = process.memoryUsage.rss();
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, process.memoryUsage.rss()) - start;
}

/**
 * The behaviour every `BlobStore` must share, so code tested on the filesystem store
 * behaves the same on S3. Each test works under its own key prefix.
 */
export function describeBlobStoreContract(
  name: string,
  open: () => Promise<BlobStoreUnderTest>,
  options: ContractOptions = {},
): void {
  describe(`${name} (BlobStore contract)`, () => {
    let sut: BlobStoreUnderTest;
    const store = (): BlobStore => sut.store;

    beforeAll(async () => {
      sut = await open();
    });
    afterAll(async () => {
      await sut.teardown();
    });

    describeReadWrite(store);
    describeListAndDelete(store);
    describeFailures(store);
    describeLargeObjects(store, options);
  });
}

function describeReadWrite(store: () => BlobStore): void {
  it('puts bytes and reads them back as bytes, stream, range and stat', async () => {
    await expect(store().put('rw/ab/one.dcm', bytes('hello blob'))).resolves.toEqual({ key: 'rw/ab/one.dcm', size: 10 });
    expect(text(await store().getBytes('rw/ab/one.dcm'))).toBe('hello blob');
    expect((await sha256Of(await store().get('rw/ab/one.dcm')))).toBe(createHash('sha256').update('hello blob').digest('hex'));
    expect(text(await store().getRange('rw/ab/one.dcm', 5))).toBe('hello');
    expect(text(await store().getRange('rw/ab/one.dcm', 1000))).toBe('hello blob');
    expect(await store().getRange('rw/ab/one.dcm', 0)).toHaveLength(0);
    await expect(store().stat('rw/ab/one.dcm')).resolves.toEqual({ key: 'rw/ab/one.dcm', size: 10 });
  });

  it('puts a stream of many chunks with an announced size', async () => {
    const parts = ['a', 'bc', 'def', 'ghij'].map((s) => Buffer.from(s));
    await expect(store().put('rw/stream.bin', Readable.from(parts), { size: 10 })).resolves.toEqual({ key: 'rw/stream.bin', size: 10 });
    expect(text(await store().getBytes('rw/stream.bin'))).toBe('abcdefghij');
  });

  it('stores an empty object', async () => {
    await store().put('rw/empty.bin', new Uint8Array(0));
    expect(await store().getBytes('rw/empty.bin')).toHaveLength(0);
    expect(await store().getRange('rw/empty.bin', 16)).toHaveLength(0);
    await expect(store().stat('rw/empty.bin')).resolves.toEqual({ key: 'rw/empty.bin', size: 0 });
  });

  it('is idempotent for a repeated put of the same bytes, also concurrently', async () => {
    const body = randomBytes(64 * 1024);
    await store().put('idem/x.dcm', body);
    await Promise.all([store().put('idem/x.dcm', body), store().put('idem/x.dcm', Readable.from([body]))]);
    expect(Buffer.from(await store().getBytes('idem/x.dcm')).equals(body)).toBe(true);
    expect(await collect(store().list('idem/'))).toEqual([{ key: 'idem/x.dcm', size: body.length }]);
  });

  it('replaces an object put again with other bytes', async () => {
    await store().put('rw/replace.bin', bytes('first version'));
    await store().put('rw/replace.bin', bytes('second'));
    expect(text(await store().getBytes('rw/replace.bin'))).toBe('second');
  });
}

function describeListAndDelete(store: () => BlobStore): void {
  it('lists recursively by prefix, including a partial last segment', async () => {
    for (const key of ['ls/aa/1.dcm', 'ls/aa/2.dcm', 'ls/ab/3.dcm', 'ls/b/deep/er/4.dcm', 'other/aa/5.dcm']) {
      await store().put(key, bytes(key));
    }
    const keys = async (prefix: string): Promise<string[]> => (await collect(store().list(prefix))).map((i) => i.key);
    expect(await keys('ls/')).toEqual(['ls/aa/1.dcm', 'ls/aa/2.dcm', 'ls/ab/3.dcm', 'ls/b/deep/er/4.dcm']);
    expect(await keys('ls/a')).toEqual(['ls/aa/1.dcm', 'ls/aa/2.dcm', 'ls/ab/3.dcm']);
    expect(await keys('ls/aa/')).toEqual(['ls/aa/1.dcm', 'ls/aa/2.dcm']);
    expect(await keys('nothing/')).toEqual([]);
    expect(await collect(store().list('ls/ab/'))).toEqual([{ key: 'ls/ab/3.dcm', size: 11 }]);
  });

  it('deletes, and deleting a missing key is not an error', async () => {
    await store().put('del/x.dcm', bytes('x'));
    await store().delete('del/x.dcm');
    await expect(store().stat('del/x.dcm')).resolves.toBeNull();
    await expect(store().delete('del/x.dcm')).resolves.toBeUndefined();
    expect(await collect(store().list('del/'))).toEqual([]);
  });
}

function describeFailures(store: () => BlobStore): void {
  it('reports a missing object as BlobNotFoundError (stat as null)', async () => {
    await expect(store().stat('missing/x.dcm')).resolves.toBeNull();
    await expect(store().get('missing/x.dcm')).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(store().getBytes('missing/x.dcm')).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(store().getRange('missing/x.dcm', 10)).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(store().getRange('missing/x.dcm', 0)).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(store().get('missing/x.dcm')).rejects.toMatchObject({ code: 'BLOB_NOT_FOUND', key: 'missing/x.dcm' });
  });

  it('refuses keys that could escape or collide', async () => {
    for (const key of ['../x', '/abs', 'a//b', '.tmp/x', 'a/./b', 'a/../b', '', 'a\\b', 'a/b/']) {
      await expect(store().put(key, bytes('x'))).rejects.toMatchObject({ code: 'BLOB_KEY_INVALID' });
    }
    await expect(store().stat('../x')).rejects.toBeInstanceOf(BlobStoreError);
  });

  it('refuses a body whose length differs from the announced size and keeps nothing', async () => {
    await expect(store().put('size/x.bin', bytes('12345'), { size: 6 })).rejects.toMatchObject({ code: 'BLOB_SIZE_MISMATCH' });
    await expect(store().stat('size/x.bin')).resolves.toBeNull();
  });

  it('fails (never hangs) on a source stream error and leaves no object', async () => {
    const { stream } = randomStream(64 * MiB, 20 * MiB);
    await expect(store().put('broken/x.bin', stream)).rejects.toBeInstanceOf(Error);
    await expect(store().stat('broken/x.bin')).resolves.toBeNull();
    expect(await collect(store().list('broken/'))).toEqual([]);
  }, 60_000);
}

function describeLargeObjects(store: () => BlobStore, options: ContractOptions): void {
  const size = options.largeObjectBytes ?? 512 * MiB;
  const limit = options.maxRssGrowthBytes ?? size / 2;

  it(`streams a ${Math.round(size / MiB)} MiB object without holding it in memory`, async () => {
    const { stream, sha256 } = randomStream(size);
    const growth = await peakRssGrowth(async () => {
      await expect(store().put('large/object.bin', stream)).resolves.toEqual({ key: 'large/object.bin', size });
    });
    options.onRssMeasured?.(growth, size);
    expect(growth).toBeLessThan(limit);
    await expect(store().stat('large/object.bin')).resolves.toEqual({ key: 'large/object.bin', size });
    expect(await sha256Of(await store().get('large/object.bin'))).toBe(sha256());
    expect(await store().getRange('large/object.bin', 132)).toHaveLength(132);
    await store().delete('large/object.bin');
  }, 300_000);
}
