import { Readable } from 'node:stream';

/** Concatenates a whole stream. Only for objects known to be small enough. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(toBuffer(chunk));
  return Buffer.concat(chunks);
}

/**
 * Reads at most `length` bytes and then destroys the stream, so a server that ignored
 * a Range header (or a file read without a bound) still never costs more than `length`.
 */
export async function readUpTo(stream: Readable, length: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const buf = toBuffer(chunk);
      chunks.push(buf.subarray(0, length - total));
      total += Math.min(buf.length, length - total);
      if (total >= length) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks, total);
}

export function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (typeof chunk === 'string') return Buffer.from(chunk);
  throw new TypeError('blob bodies must stream bytes');
}
