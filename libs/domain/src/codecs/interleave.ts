import type { PixelInfo } from './pixel-info';

/**
 * A colour-by-plane frame (Planar Configuration 1) rearranged colour-by-pixel, for
 * codecs that only code interleaved samples correctly. Other frames are returned as is.
 */
export function toColorByPixel(frame: Uint8Array, info: PixelInfo): Uint8Array {
  if (info.samplesPerPixel !== 3 || info.planarConfiguration === 0) return frame;
  const bps = info.bitsAllocated / 8;
  const pixels = info.rows * info.columns;
  const out = new Uint8Array(frame.length);
  for (let s = 0; s < 3; s++) {
    for (let i = 0; i < pixels; i++) {
      const from = (s * pixels + i) * bps;
      const to = (i * 3 + s) * bps;
      for (let b = 0; b < bps; b++) out[to + b] = frame[from + b] as number;
    }
  }
  return out;
}
