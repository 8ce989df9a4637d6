import { PassThrough, Readable } from 'node:stream';
import { prepareUploadBody } from './s3-upload-body';
import { readAll } from './stream-bytes';

const chunks = (n: number, size: number): Buffer[] => Array.from({ length: n }, (_, i) => Buffer.alloc(size, i));

describe('prepareUploadBody', () => {
  it('buffers a body no larger than the threshold for a single PUT', async () => {
    const body = await prepareUploadBody(Readable.from(chunks(4, 10)), 40);
    expect(body.kind).toBe('buffer');
    expect(body.kind === 'buffer' && body.bytes.length).toBe(40);
  });

  it('streams a larger body whole and in order, counting its size', async () => {
    const body = await prepareUploadBody(Readable.from(chunks(5, 10)), 25);
    if (body.kind !== 'stream') throw new Error('expected a stream');
    const out = await readAll(body.stream);
    expect(out).toEqual(Buffer.concat(chunks(5, 10)));
    expect(body.size()).toBe(50);
  });

  it('passes byte arrays through without copying into a stream', async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    await expect(prepareUploadBody(bytes, 1)).resolves.toEqual({ kind: 'buffer', bytes: Buffer.from([1, 2, 3]) });
  });

  it('fails the stream it is piped into when the source fails, even if that happened first', async () => {
    // Chunks are pushed by hand below; read() has nothing to add.
    const source = new Readable({ read: () => undefined });
    source.push(Buffer.alloc(30));
    const body = await prepareUploadBody(source, 20);
    if (body.kind !== 'stream') throw new Error('expected a stream');
    source.destroy(new Error('disk gone'));
    await new Promise((resolve) => setImmediate(resolve));
    const chunker = new PassThrough();
    const failed = new Promise((resolve) => chunker.on('error', resolve));
    body.stream.pipe(chunker);
    await expect(failed).resolves.toMatchObject({ message: 'disk gone' });
  });
});
