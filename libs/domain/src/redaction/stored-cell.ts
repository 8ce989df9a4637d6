import type { PixelInfo } from '../codecs/pixel-info';
import { RedactionError } from './redaction-error';

/** The range of stored values Bits Stored and Pixel Representation allow. */
export function storedRange(info: PixelInfo): { min: number; max: number } {
  const bits = info.bitsStored;
  return info.pixelRepresentation === 1 ? { min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1 } : { min: 0, max: 2 ** bits - 1 };
}

/**
 * The little-endian bytes of one cell holding `value`, placed at High Bit. The whole
 * cell is written: bits above High Bit take the sign's extension (zero when unsigned),
 * bits below the stored range are zero. Keeping old high bits would keep whatever an
 * overlay drew there, and a burned-in overlay is exactly what redaction removes.
 */
export function storedCell(value: number, info: PixelInfo): Uint8Array {
  const { min, max } = storedRange(info);
  if (!Number.isInteger(value) || value < min || value > max) throw new RedactionError('INVALID_FILL', 'fill value is outside the stored range');
  const lowBit = info.highBit + 1 - info.bitsStored;
  const cellBits = info.bitsAllocated;
  // Two's complement over the whole cell: value * 2^lowBit, wrapped to cellBits.
  const wrapped = BigInt.asUintN(cellBits, BigInt(value) << BigInt(lowBit));
  const out = new Uint8Array(cellBits / 8);
  for (let i = 0; i < out.length; i++) out[i] = Number((wrapped >> BigInt(8 * i)) & 0xffn);
  return out;
}
