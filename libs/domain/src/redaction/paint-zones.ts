import type { PixelRect } from './clip-zones';
import { patternRow, type FrameLayout } from './frame-layout';

/** Overwrite every pixel of every rect, in every plane of a frame, in place. */
export function paintZones(frame: Uint8Array, layout: FrameLayout, rects: readonly PixelRect[]): void {
  for (let p = 0; p < layout.planes; p++) {
    const widest = rects.reduce((w, r) => Math.max(w, r.x1 - r.x0), 0);
    const row = patternRow(layout, p, widest);
    for (const r of rects) {
      const bytes = row.subarray(0, (r.x1 - r.x0) * layout.pixelBytes);
      for (let y = r.y0; y < r.y1; y++) frame.set(bytes, p * layout.planeBytes + y * layout.rowBytes + r.x0 * layout.pixelBytes);
    }
  }
}
