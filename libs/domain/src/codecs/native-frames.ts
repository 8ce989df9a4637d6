import type { DicomElement } from '../dicom/element';
import { CodecError } from './codec-error';
import { frameByteLength, type PixelInfo } from './pixel-info';

/** Swap bytes within each `size`-byte cell, in place. */
function swapCells(b: Uint8Array, size: number): void {
  for (let at = 0; at + size <= b.length; at += size) b.subarray(at, at + size).reverse();
}

/**
 * Native Pixel Data as little-endian cells. The reader already swapped OW from big
 * endian as 16-bit words (its VR's unit), which is right for 16-bit cells only: 8-bit
 * cells need the swap undone and 32-bit cells need their halves exchanged (pydicom and
 * DCMTK read big-endian 32-bit cells as whole 4-byte words). OB is never swapped by the
 * reader, so cells wider than a byte are swapped here.
 */
function littleEndianCells(el: DicomElement, bytes: Uint8Array, bitsAllocated: number): Uint8Array {
  if (el.source?.littleEndian !== false || bitsAllocated === 8 && el.vr !== 'OW') return bytes;
  const out = bytes.slice();
  if (el.vr === 'OW') {
    if (bitsAllocated === 8) swapCells(out, 2);
    if (bitsAllocated === 32) {
      const u16 = new Uint16Array(out.buffer, out.byteOffset, out.byteLength >> 1);
      for (let i = 0; i + 1 < u16.length; i += 2) [u16[i], u16[i + 1]] = [u16[i + 1] as number, u16[i] as number];
    }
    return out;
  }
  swapCells(out, bitsAllocated / 8);
  return out;
}

/**
 * Split native Pixel Data into frames (views, not copies: callers must not write to
 * them). Trailing bytes beyond the last frame (padding) are ignored; too few bytes are
 * refused.
 */
export function nativeFrames(el: DicomElement, info: PixelInfo): Uint8Array[] {
  const raw = el.value;
  if (!(raw instanceof Uint8Array)) throw new CodecError('NO_PIXEL_DATA', 'Pixel Data is not native');
  const size = frameByteLength(info);
  if (raw.length < size * info.frames) throw new CodecError('FRAME_MISMATCH', 'native Pixel Data is shorter than its frames');
  const bytes = littleEndianCells(el, raw, info.bitsAllocated);
  return Array.from({ length: info.frames }, (_, f) => bytes.subarray(f * size, (f + 1) * size));
}
