import type { PixelInfo } from './pixel-info';

/**
 * Reading cells as pixel values: the Bits Stored bits ending at High Bit, signed when
 * Pixel Representation is 1. Bits above High Bit are not part of a pixel (codecs drop
 * them, DCMTK and OpenJPEG disagree on sign-extending them), so "same pixels" compares
 * values, while byte equality stays the fast path.
 */
export class StoredValues {
  readonly bytes: number;
  private readonly low: number;
  private readonly range: number;
  private readonly half: number;

  constructor(readonly info: PixelInfo) {
    this.bytes = info.bitsAllocated / 8;
    this.low = 2 ** (info.highBit + 1 - info.bitsStored);
    this.range = 2 ** info.bitsStored;
    this.half = info.pixelRepresentation === 1 ? this.range / 2 : Infinity;
  }

  /** The whole cell at byte offset `at`, unsigned. */
  raw(b: Uint8Array, at: number): number {
    if (this.bytes === 1) return b[at] as number;
    if (this.bytes === 2) return (b[at] as number) | ((b[at + 1] as number) << 8);
    return ((b[at] as number) | ((b[at + 1] as number) << 8) | ((b[at + 2] as number) << 16) | ((b[at + 3] as number) << 24)) >>> 0;
  }

  /** The pixel value of the cell at byte offset `at`. */
  value(b: Uint8Array, at: number): number {
    const v = Math.floor(this.raw(b, at) / this.low) % this.range;
    return v >= this.half ? v - this.range : v;
  }

  /** Whether `count` cells from a[ai] and b[bi] hold the same pixel values. */
  same(a: Uint8Array, ai: number, b: Uint8Array, bi: number, count: number): boolean {
    for (let k = 0; k < count; k++) {
      if (this.value(a, ai + k * this.bytes) !== this.value(b, bi + k * this.bytes)) return false;
    }
    return true;
  }
}

/** Whether two frames hold the same pixel values (byte equality first, then cell by cell). */
export function sameStoredValues(a: Uint8Array, b: Uint8Array, info: PixelInfo): boolean {
  if (a.length !== b.length) return false;
  if (Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length))) return true;
  const v = new StoredValues(info);
  return v.same(a, 0, b, 0, a.length / v.bytes);
}
