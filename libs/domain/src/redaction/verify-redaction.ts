import type { DecodedPixels } from '../codecs/decode-frames';
import type { PixelInfo } from '../codecs/pixel-info';
import { StoredValues } from '../codecs/stored-values';
import { clipZones, type PixelRect } from './clip-zones';
import { frameLayout, patternRow, type FrameLayout } from './frame-layout';
import { toPixelGrid } from './pixel-grid';
import type { Zone } from './redaction-types';

export interface RedactionMismatch {
  readonly frame: number;
  readonly x: number;
  readonly y: number;
  readonly inside: boolean;
}

/** The outcome of comparing a redacted image with its original: counts and places, never values. */
export interface RedactionCheck {
  readonly ok: boolean;
  readonly framesChecked: number;
  /** Pixels inside a zone that do not hold the fill. */
  readonly insideMismatches: number;
  /** Pixels outside every zone that differ from the original. */
  readonly outsideMismatches: number;
  readonly firstMismatch?: RedactionMismatch;
  /** Set when the two images cannot be compared at all (size, samples, layout). */
  readonly problem?: string;
}

const GEOMETRY: readonly (keyof PixelInfo)[] = ['rows', 'columns', 'samplesPerPixel', 'bitsAllocated', 'bitsStored', 'highBit', 'pixelRepresentation', 'photometric', 'frames'];

/** Columns of row y covered by some rect, merged into sorted disjoint [from, to) runs. */
function coveredRuns(rects: readonly PixelRect[], y: number): [number, number][] {
  const runs = rects.filter((r) => y >= r.y0 && y < r.y1).map((r): [number, number] => [r.x0, r.x1]);
  runs.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const run of runs) {
    const last = merged[merged.length - 1];
    if (last && run[0] <= last[1]) last[1] = Math.max(last[1], run[1]);
    else merged.push([run[0], run[1]]);
  }
  return merged;
}

/**
 * Counts differing pixels. Runs are compared as bytes first; a run that differs is
 * compared pixel by pixel on values (StoredValues), inside zones against the fill with
 * the bits above High Bit required to be zero or the sign's extension, so that nothing
 * (an overlay plane) survives there.
 */
class Tally {
  inside = 0;
  outside = 0;
  first: RedactionMismatch | undefined;
  private readonly cells: StoredValues;
  private readonly fillCells: readonly (readonly [number, number])[];

  constructor(info: PixelInfo, fill: readonly number[]) {
    this.cells = new StoredValues(info);
    const low = 2 ** (info.highBit + 1 - info.bitsStored);
    const stored = 2 ** info.bitsStored;
    const cell = 2 ** info.bitsAllocated;
    // The two acceptable cells per sample: sign-extended (as storedCell writes) and masked.
    this.fillCells = fill.map((v) => [(((v * low) % cell) + cell) % cell, (((v % stored) + stored) % stored) * low] as const);
  }

  private pixelOk(a: Uint8Array, p: number, b: Uint8Array, q: number, inside: boolean, samples: number): boolean {
    const { cells } = this;
    if (!inside) return cells.same(a, p, b, q, samples);
    for (let s = 0; s < samples; s++) {
      const raw = cells.raw(a, p + s * cells.bytes);
      const [ext, masked] = this.fillCells[samples === 1 ? this.plane : s] as readonly [number, number];
      if (raw !== ext && raw !== masked) return false;
    }
    return true;
  }

  /** The plane being checked (colour-by-plane frames are interleaved first, so 0). */
  plane = 0;

  /** Count differing pixels of run [x0, x1) at a[at] against b[0] (original row or fill row). */
  run(a: Uint8Array, b: Uint8Array, at: number, x0: number, x1: number, pixelBytes: number, where: Omit<RedactionMismatch, 'x'>): void {
    const n = (x1 - x0) * pixelBytes;
    if (n === 0 || Buffer.from(a.buffer, a.byteOffset + at, n).equals(Buffer.from(b.buffer, b.byteOffset, n))) return;
    const samples = pixelBytes / this.cells.bytes;
    for (let x = x0; x < x1; x++) {
      const off = (x - x0) * pixelBytes;
      if (this.pixelOk(a, at + off, b, off, where.inside, samples)) continue;
      if (where.inside) this.inside++;
      else this.outside++;
      this.first ??= { ...where, x };
    }
  }
}

function checkRow(t: Tally, before: Uint8Array, after: Uint8Array, layout: FrameLayout, runs: [number, number][], fillRow: Uint8Array, at: { frame: number; y: number; plane: number; columns: number }): void {
  const rowStart = at.plane * layout.planeBytes + at.y * layout.rowBytes;
  const px = layout.pixelBytes;
  let x = 0;
  t.plane = at.plane;
  for (const [from, to] of [...runs, [at.columns, at.columns] as [number, number]]) {
    t.run(after, before.subarray(rowStart + x * px), rowStart + x * px, x, from, px, { frame: at.frame, y: at.y, inside: false });
    t.run(after, fillRow, rowStart + from * px, from, to, px, { frame: at.frame, y: at.y, inside: true });
    x = to;
  }
}

/**
 * Check a redaction exactly: every pixel inside a zone (clipped as redactPixels clips)
 * holds `fill`, with nothing above High Bit but zeros or the sign, and every other pixel
 * has its decoded original's value, in every frame. Pixel values are the Bits Stored
 * bits (see StoredValues). Both images are compared on the same grid (YBR_FULL_422
 * expanded, planes interleaved), so an encoder's choice of layout does not matter.
 */
export function verifyRedaction(before: DecodedPixels, after: DecodedPixels, zones: readonly Zone[], fill: readonly number[]): RedactionCheck {
  const a = toPixelGrid(before, true);
  const b = toPixelGrid(after, true);
  const bad = GEOMETRY.find((k) => a.info[k] !== b.info[k]);
  const counts = a.frames.length !== b.frames.length;
  if (bad !== undefined || counts) return { ok: false, framesChecked: 0, insideMismatches: 0, outsideMismatches: 0, problem: `images differ in ${bad ?? 'frame count'}` };
  const info = a.info;
  const rects = clipZones(zones, info.rows, info.columns);
  const layout = frameLayout(info, fill);
  const fillRows = layout.pattern.map((_, p) => patternRow(layout, p, info.columns));
  const t = new Tally(info, fill);
  a.frames.forEach((orig, frame) => {
    const red = b.frames[frame] as Uint8Array;
    for (let plane = 0; plane < layout.planes; plane++) {
      for (let y = 0; y < info.rows; y++) checkRow(t, orig, red, layout, coveredRuns(rects, y), fillRows[plane] as Uint8Array, { frame, y, plane, columns: info.columns });
    }
  });
  const ok = t.inside === 0 && t.outside === 0;
  return { ok, framesChecked: a.frames.length, insideMismatches: t.inside, outsideMismatches: t.outside, ...(t.first && { firstMismatch: t.first }) };
}
