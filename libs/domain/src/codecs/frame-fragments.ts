import type { DataSet } from '../dicom/data-set';
import type { EncapsulatedPixelData } from '../dicom/element';
import { CodecError } from './codec-error';
import type { CodecFamily } from './codec-syntaxes';

const ITEM_HEADER = 8;

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Fragment index of each frame start, or undefined unless every offset hits an item start. */
function startsFromOffsets(offsets: readonly number[], fragments: readonly Uint8Array[]): number[] | undefined {
  const itemAt = new Map<number, number>();
  let pos = 0;
  fragments.forEach((f, k) => {
    itemAt.set(pos, k);
    pos += ITEM_HEADER + f.length + (f.length & 1);
  });
  const starts = offsets.map((o) => itemAt.get(o));
  if (starts.some((s) => s === undefined) || starts[0] !== 0) return undefined;
  const ok = starts.every((s, i) => i === 0 || (s as number) > (starts[i - 1] as number));
  return ok ? (starts as number[]) : undefined;
}

function readOffsets(bytes: Uint8Array, width: 4 | 8): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  for (let at = 0; at + width <= bytes.length; at += width) {
    out.push(width === 4 ? view.getUint32(at, true) : Number(view.getBigUint64(at, true)));
  }
  return out;
}

/** A fragment that opens a codestream: JPEG SOI, J2K SOC+SIZ, or a JP2 signature box. */
function opensFrame(f: Uint8Array, family: CodecFamily): boolean {
  if (family === 'jpeg' || family === 'jpeg-ls') return f[0] === 0xff && f[1] === 0xd8;
  if (family !== 'jpeg2000' && family !== 'htj2k') return false;
  const soc = f[0] === 0xff && f[1] === 0x4f && f[2] === 0xff && f[3] === 0x51;
  const jp2 = f[0] === 0 && f[1] === 0 && f[2] === 0 && f[3] === 0x0c && f[4] === 0x6a && f[5] === 0x50;
  return soc || jp2;
}

function startsFromMarkers(fragments: readonly Uint8Array[], family: CodecFamily): number[] {
  const starts: number[] = [];
  fragments.forEach((f, k) => {
    if (opensFrame(f, family)) starts.push(k);
  });
  return starts;
}

function group(fragments: readonly Uint8Array[], starts: readonly number[]): Uint8Array[] {
  return starts.map((s, i) => concat(fragments.slice(s, starts[i + 1] ?? fragments.length)));
}

/**
 * One codestream per frame. The Extended Offset Table (7FE0,0001) or Basic Offset Table
 * locate frames when they are present and consistent; else a single frame takes every
 * fragment, equal counts pair one fragment per frame, and otherwise frames are found by
 * the codestream's start marker (SOI or SOC) at the head of a fragment. Any other
 * outcome is refused: guessing could mix two frames' pixels.
 */
export function encapsulatedFrames(px: EncapsulatedPixelData, frames: number, family: CodecFamily, ds?: DataSet): Uint8Array[] {
  const { fragments } = px;
  if (fragments.length === 0) throw new CodecError('FRAME_MISMATCH', 'encapsulated Pixel Data has no fragment');
  const extended = ds?.bytes('7FE00001');
  const tables = [extended && readOffsets(extended, 8), px.offsetTable.length > 0 ? readOffsets(px.offsetTable, 4) : undefined];
  for (const offsets of tables) {
    const starts = offsets && offsets.length === frames ? startsFromOffsets(offsets, fragments) : undefined;
    if (starts) return group(fragments, starts);
  }
  if (frames === 1) return [concat(fragments)];
  if (fragments.length === frames) return [...fragments];
  const starts = startsFromMarkers(fragments, family);
  if (starts.length === frames && starts[0] === 0) return group(fragments, starts);
  throw new CodecError('FRAME_MISMATCH', `cannot assign ${fragments.length} fragments to ${frames} frames`);
}
