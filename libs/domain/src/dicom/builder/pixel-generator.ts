import { DicomModelError } from '../errors';
import type { PixelFunction, ResolvedPixels } from './builder-options';

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function validatePixels(p: ResolvedPixels): void {
  const ok =
    Number.isInteger(p.rows) && p.rows > 0 && p.rows <= 0xffff &&
    Number.isInteger(p.columns) && p.columns > 0 && p.columns <= 0xffff &&
    Number.isInteger(p.frames) && p.frames > 0 &&
    p.bitsStored > 0 && p.bitsStored <= p.bitsAllocated && p.highBit === p.bitsStored - 1;
  if (!ok) throw new DicomModelError('INVALID_VALUE', 'inconsistent pixel description');
}

/** Largest stored value, kept in the positive half when samples are signed. */
function maxValue(p: ResolvedPixels): number {
  return 2 ** (p.pixelRepresentation === 1 ? p.bitsStored - 1 : p.bitsStored) - 1;
}

/**
 * A diagonal ramp (x + y) scaled to the stored range. Each row is a window onto one
 * precomputed ramp, so a 512x512 frame is 512 memcpys: fast enough for bulk fixtures.
 */
function gradient(p: ResolvedPixels, buffer: ArrayBuffer): void {
  const { rows, columns, frames } = p;
  const max = maxValue(p);
  const step = Math.max(1, Math.floor(max / (rows + columns)));
  const Typed = p.bitsAllocated === 8 ? Uint8Array : p.bitsAllocated === 16 ? Uint16Array : Uint32Array;
  const samples = new Typed(buffer, 0, (buffer.byteLength / Typed.BYTES_PER_ELEMENT) | 0);
  const ramp = new Typed(rows + columns + frames);
  for (let i = 0; i < ramp.length; i++) ramp[i] = (i * step) % (max + 1);
  const frameSize = rows * columns;
  for (let f = 0; f < frames; f++) {
    for (let y = 0; y < rows; y++) samples.set(ramp.subarray(y + f, y + f + columns), f * frameSize + y * columns);
  }
}

function byFunction(p: ResolvedPixels, fn: PixelFunction, out: Uint8Array): void {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const bytes = p.bitsAllocated / 8;
  const spp = p.samplesPerPixel;
  const mask = 2 ** p.bitsStored - 1;
  const frameSize = p.rows * p.columns * spp;
  for (let f = 0; f < p.frames; f++) {
    for (let y = 0; y < p.rows; y++) {
      for (let x = 0; x < p.columns; x++) {
        for (let s = 0; s < spp; s++) {
          // Planar configuration 1 stores each sample's plane in turn.
          const pixel = y * p.columns + x;
          const index = f * frameSize + (p.planarConfiguration === 1 ? s * p.rows * p.columns + pixel : pixel * spp + s);
          const v = Math.round(fn(x, y, f, s)) & mask;
          if (bytes === 1) view.setUint8(index, v);
          else if (bytes === 2) view.setUint16(index * 2, v, true);
          else view.setUint32(index * 4, v >>> 0, true);
        }
      }
    }
  }
}

/** Native Pixel Data bytes (little endian, padded to even length) for the description. */
export function generatePixels(p: ResolvedPixels): Uint8Array {
  validatePixels(p);
  const length = p.rows * p.columns * p.samplesPerPixel * p.frames * (p.bitsAllocated / 8);
  const buffer = new ArrayBuffer(length + (length & 1));
  const out = new Uint8Array(buffer);
  if (p.pattern === 'zero') return out;
  if (p.pattern === 'gradient' && p.samplesPerPixel === 1 && LITTLE_ENDIAN_HOST) {
    gradient(p, buffer);
    return out;
  }
  const max = maxValue(p);
  const fn: PixelFunction =
    typeof p.pattern === 'function' ? p.pattern : (x, y, f, s) => ((x + y + f + s * 64) * Math.max(1, Math.floor(max / (p.rows + p.columns)))) % (max + 1);
  byFunction(p, fn, out);
  return out;
}
