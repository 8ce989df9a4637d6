import type { PixelInfo } from './pixel-info';

/**
 * Where RLE segment `s` goes in a native frame (PS3.5 G.2): segments run sample by
 * sample, most significant byte first; bytes are written `stride` apart from `start`.
 */
export function rleSegmentLayout(info: PixelInfo, s: number): { start: number; stride: number } {
  const bps = info.bitsAllocated / 8;
  const sample = Math.floor(s / bps);
  const byteInCell = bps - 1 - (s % bps);
  const pixels = info.rows * info.columns;
  if (info.planarConfiguration === 1) return { start: sample * pixels * bps + byteInCell, stride: bps };
  return { start: sample * bps + byteInCell, stride: info.samplesPerPixel * bps };
}

/** Segments per frame: one per byte of every sample. */
export const rleSegmentCount = (info: PixelInfo): number => info.samplesPerPixel * (info.bitsAllocated / 8);
