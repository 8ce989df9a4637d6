import type { DecodedPixels } from '../codecs/decode-frames';
import { toColorByPixel } from '../codecs/interleave';

/** YBR_FULL_422 (Y1 Y2 Cb Cr per pixel pair) to YBR_FULL colour-by-pixel, chroma repeated. */
function expand422(frame: Uint8Array, bps: number, pixels: number): Uint8Array {
  const out = new Uint8Array(pixels * 3 * bps);
  for (let pair = 0; pair < pixels / 2; pair++) {
    const src = pair * 4 * bps;
    const dst = pair * 6 * bps;
    for (let b = 0; b < bps; b++) {
      const y1 = frame[src + b] as number;
      const y2 = frame[src + bps + b] as number;
      const cb = frame[src + 2 * bps + b] as number;
      const cr = frame[src + 3 * bps + b] as number;
      out[dst + b] = y1;
      out[dst + bps + b] = cb;
      out[dst + 2 * bps + b] = cr;
      out[dst + 3 * bps + b] = y2;
      out[dst + 4 * bps + b] = cb;
      out[dst + 5 * bps + b] = cr;
    }
  }
  return out;
}

/**
 * Frames on a plain pixel grid, one value per sample per pixel: native YBR_FULL_422
 * becomes YBR_FULL with each pair's chroma repeated (exact: nothing is lost, and it can
 * be written back losslessly). `interleave` also makes colour-by-plane frames
 * colour-by-pixel, for comparing two images whatever their planar configuration.
 */
export function toPixelGrid(decoded: DecodedPixels, interleave = false): DecodedPixels {
  const { info } = decoded;
  if (info.photometric === 'YBR_FULL_422') {
    const pixels = info.rows * info.columns;
    const frames = decoded.frames.map((f) => expand422(f, info.bitsAllocated / 8, pixels));
    return { frames, info: { ...info, photometric: 'YBR_FULL', planarConfiguration: 0 } };
  }
  if (!interleave || info.planarConfiguration === 0) return decoded;
  return { frames: decoded.frames.map((f) => toColorByPixel(f, info)), info: { ...info, planarConfiguration: 0 } };
}
