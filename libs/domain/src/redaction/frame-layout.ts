import type { PixelInfo } from '../codecs/pixel-info';
import { storedCell } from './stored-cell';

/**
 * How a frame is laid out for painting and comparing: one plane (colour-by-pixel or one
 * sample) or three (colour-by-plane), each a rows x columns grid of `pixelBytes`-byte
 * pixels. `pattern[p]` is what one redacted pixel of plane p looks like.
 */
export interface FrameLayout {
  readonly planes: number;
  readonly planeBytes: number;
  readonly rowBytes: number;
  readonly pixelBytes: number;
  readonly pattern: readonly Uint8Array[];
}

export function frameLayout(info: PixelInfo, fill: readonly number[]): FrameLayout {
  const cells = fill.map((v) => storedCell(v, info));
  const bps = info.bitsAllocated / 8;
  const planar = info.samplesPerPixel === 3 && info.planarConfiguration === 1;
  const pixelBytes = planar ? bps : bps * info.samplesPerPixel;
  const rowBytes = pixelBytes * info.columns;
  const joined = new Uint8Array(cells.length * bps);
  cells.forEach((c, i) => joined.set(c, i * bps));
  return {
    planes: planar ? 3 : 1,
    planeBytes: rowBytes * info.rows,
    rowBytes,
    pixelBytes,
    pattern: planar ? cells : [joined],
  };
}

/** `width` redacted pixels of plane p in a row, ready to copy or compare. */
export function patternRow(layout: FrameLayout, plane: number, width: number): Uint8Array {
  const one = layout.pattern[plane] as Uint8Array;
  const out = new Uint8Array(width * one.length);
  if (width === 0) return out;
  out.set(one, 0);
  // Doubling copies keep this cheap for wide rows.
  for (let filled = one.length; filled < out.length; filled *= 2) out.copyWithin(filled, 0, Math.min(filled, out.length - filled));
  return out;
}
