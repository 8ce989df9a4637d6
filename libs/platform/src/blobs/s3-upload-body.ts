import { PassThrough, Readable, pipeline } from 'node:stream';
import { toBuffer } from './stream-bytes';

/**
 * minio-js pipes an upload body into its part chunker but listens only for the chunker's
 * errors. Without forwarding, a source that fails mid-stream would leave `putObject`
 * waiting forever; with it, the chunker fails and the upload rejects.
 */
class ErrorForwardingBody extends PassThrough {
  override pipe<T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T {
    const fail = (e: Error): void => {
      if ('destroy' in destination && typeof destination.destroy === 'function') {
        (destination as unknown as { destroy(e: Error): void }).destroy(e);
      }
    };
    // The source may already have failed while minio-js was still initiating the upload.
    if (this.errored) fail(this.errored);
    else this.once('error', fail);
    return super.pipe(destination, options);
  }
}

export type UploadBody =
  /** Small enough for one PUT (at most `threshold` bytes). */
  | { kind: 'buffer'; bytes: Buffer }
  /** Larger: streamed in parts; `size()` is the byte count once the stream has ended. */
  | { kind: 'stream'; stream: Readable; size(): number };

/**
 * Reads up to `threshold` bytes from `body` to decide between one PUT and a multipart
 * upload. Without this, minio-js treats a stream of unknown size as up to 5 TiB and
 * always goes multipart, even for a 2 KB object. At most `threshold` bytes are held.
 */
export async function prepareUploadBody(body: Readable | Uint8Array, threshold: number): Promise<UploadBody> {
  if (body instanceof Uint8Array) return { kind: 'buffer', bytes: toBuffer(body) };
  const source = body[Symbol.asyncIterator]() as AsyncIterator<unknown>;
  const head: Buffer[] = [];
  let headSize = 0;
  while (headSize <= threshold) {
    const next = await source.next();
    if (next.done === true) return { kind: 'buffer', bytes: Buffer.concat(head, headSize) };
    const chunk = toBuffer(next.value);
    head.push(chunk);
    headSize += chunk.length;
  }
  let total = headSize;
  async function* all(): AsyncGenerator<Buffer> {
    yield* head.splice(0);
    for (let next = await source.next(); next.done !== true; next = await source.next()) {
      const chunk = toBuffer(next.value);
      total += chunk.length;
      yield chunk;
    }
  }
  const stream = new ErrorForwardingBody();
  pipeline(Readable.from(all(), { objectMode: false }), stream, () => {
    // Errors reach the upload through ErrorForwardingBody; nothing else to do here.
  });
  return { kind: 'stream', stream, size: () => total };
}
