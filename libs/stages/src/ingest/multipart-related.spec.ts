import { Readable } from 'node:stream';
import { boundaryOf, MultipartError, splitMultipart } from './multipart-related';

const body = (b: string, parts: Buffer[]): Buffer =>
  Buffer.concat([
    ...parts.flatMap((p) => [Buffer.from(`--${b}\r\nContent-Type: application/dicom\r\n\r\n`), p, Buffer.from('\r\n')]),
    Buffer.from(`--${b}--\r\n`),
  ]);

async function collect(stream: AsyncIterable<Buffer>, boundary: string) {
  const out = [];
  for await (const part of splitMultipart(stream, boundary)) out.push(part);
  return out;
}

describe('splitMultipart', () => {
  const a = Buffer.from([0, 1, 2, 13, 10, 45, 45, 255]);
  const b = Buffer.alloc(70_000, 7);

  it('splits parts with binary bodies, across any chunking', async () => {
    const whole = body('xyz', [a, b]);
    for (const size of [1, 3, 64, 65_536, whole.length]) {
      const chunks = [];
      for (let i = 0; i < whole.length; i += size) chunks.push(whole.subarray(i, i + size));
      const parts = await collect(Readable.from(chunks), 'xyz');
      expect(parts.map((p) => p.body)).toEqual([a, b]);
      expect(parts[0]!.headers['content-type']).toBe('application/dicom');
    }
  });

  it('refuses a body without its closing delimiter', async () => {
    const truncated = body('xyz', [a]).subarray(0, 40);
    await expect(collect(Readable.from([truncated]), 'xyz')).rejects.toBeInstanceOf(MultipartError);
  });

  it('reads quoted and bare boundaries', () => {
    expect(boundaryOf('multipart/related; type="application/dicom"; boundary="a b"')).toBe('a b');
    expect(boundaryOf('multipart/related; boundary=abc; type=application/dicom')).toBe('abc');
    expect(() => boundaryOf('multipart/related')).toThrow(MultipartError);
  });
});
