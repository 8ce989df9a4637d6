import type { DecodedPixels, PixelInfo, Zone } from '@gantry/domain';

/*
 * An independent check of a redaction, for tests: pixel values read straight from the
 * decoded bytes (not through the engine's verifier), every sample of every frame.
 */

/** The stored value of one sample: Bits Stored bits ending at High Bit, sign-extended when signed. */
export function sampleValue(frame: Uint8Array, info: PixelInfo, x: number, y: number, s: number): number {
  const { rows, columns, samplesPerPixel: spp, bitsAllocated, bitsStored, highBit } = info;
  const index = info.planarConfiguration === 1 ? s * rows * columns + y * columns + x : (y * columns + x) * spp + s;
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const cell = bitsAllocated === 8 ? view.getUint8(index) : bitsAllocated === 16 ? view.getUint16(index * 2, true) : view.getUint32(index * 4, true);
  const value = Math.floor(cell / 2 ** (highBit - bitsStored + 1)) % 2 ** bitsStored;
  return info.pixelRepresentation === 1 && value >= 2 ** (bitsStored - 1) ? value - 2 ** bitsStored : value;
}

const inZone = (zones: readonly Zone[], x: number, y: number): boolean =>
  zones.some((z) => x >= z.x && x < z.x + z.width && y >= z.y && y < z.y + z.height);

export interface ZoneCheck {
  inside: number;
  outside: number;
  insideNotFill: number;
  outsideChanged: number;
}

/** Counts samples inside the zones that are not `fill`, and outside that differ from `before`. */
export function checkZones(before: DecodedPixels, after: DecodedPixels, zones: readonly Zone[], fill: readonly number[]): ZoneCheck {
  const out: ZoneCheck = { inside: 0, outside: 0, insideNotFill: 0, outsideChanged: 0 };
  const { rows, columns, samplesPerPixel } = after.info;
  after.frames.forEach((frame, f) => {
    const original = before.frames[f] as Uint8Array;
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < columns; x++) {
        for (let s = 0; s < samplesPerPixel; s++) {
          const v = sampleValue(frame, after.info, x, y, s);
          if (inZone(zones, x, y)) {
            out.inside++;
            if (v !== fill[s]) out.insideNotFill++;
          } else {
            out.outside++;
            if (v !== sampleValue(original, before.info, x, y, s)) out.outsideChanged++;
          }
        }
      }
    }
  });
  return out;
}
