import { CodecError } from './codec-error';
import { frameByteLength, type PixelInfo } from './pixel-info';
import { rleSegmentCount, rleSegmentLayout } from './rle-layout';

const HEADER = 64;
const fail = (detail: string): never => {
  throw new CodecError('DECODE_FAILED', `RLE: ${detail}`);
};

/** PackBits (PS3.5 G.3.2) from data[from, to) into out, `count` bytes spaced `stride` apart. */
function unpack(data: Uint8Array, from: number, to: number, out: Uint8Array, start: number, stride: number, count: number): void {
  let i = from;
  let n = 0;
  let pos = start;
  while (n < count && i < to) {
    const control = data[i++] as number;
    if (control < 128) {
      const len = control + 1;
      if (i + len > to || n + len > count) fail('a literal run overruns its segment or row');
      for (let k = 0; k < len; k++, pos += stride) out[pos] = data[i + k] as number;
      i += len;
      n += len;
    } else if (control > 128) {
      const len = 257 - control;
      if (i >= to || n + len > count) fail('a replicate run overruns its segment or frame');
      const b = data[i++] as number;
      for (let k = 0; k < len; k++, pos += stride) out[pos] = b;
      n += len;
    }
    // 128 (-128) is a no-op.
  }
  if (n < count) fail('a segment ends early');
}

/** Decode one RLE Lossless frame into native layout (planar configuration as declared). */
export function rleDecodeFrame(data: Uint8Array, info: PixelInfo): Uint8Array {
  if (data.length < HEADER) fail('frame shorter than its header');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const segments = view.getUint32(0, true);
  if (segments !== rleSegmentCount(info)) fail('segment count does not fit the pixel description');
  const out = new Uint8Array(frameByteLength(info));
  const pixels = info.rows * info.columns;
  for (let s = 0; s < segments; s++) {
    const from = view.getUint32(4 + s * 4, true);
    const to = s + 1 < segments ? view.getUint32(8 + s * 4, true) : data.length;
    if (from < HEADER || to > data.length || from > to) fail('segment offsets are inconsistent');
    const { start, stride } = rleSegmentLayout(info, s);
    unpack(data, from, to, out, start, stride, pixels);
  }
  return out;
}
