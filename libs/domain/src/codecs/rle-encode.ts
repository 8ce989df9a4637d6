import { CodecError } from './codec-error';
import { frameByteLength, type PixelInfo } from './pixel-info';
import { rleSegmentCount, rleSegmentLayout } from './rle-layout';

const MAX_RUN = 128;

/** Append literal runs for row[from, to) at out[at]; returns the new end. */
function literals(row: Uint8Array, from: number, to: number, out: Uint8Array, at: number): number {
  for (let s = from; s < to; s += MAX_RUN) {
    const n = Math.min(MAX_RUN, to - s);
    out[at++] = n - 1;
    out.set(row.subarray(s, s + n), at);
    at += n;
  }
  return at;
}

/**
 * PackBits one row into out[at] (PS3.5 G.3.1: runs never cross a row): runs of three or
 * more equal bytes become replicate runs, everything else literal runs of up to 128
 * bytes. Returns the new end.
 */
function packRow(row: Uint8Array, out: Uint8Array, at: number): number {
  const n = row.length;
  let literalStart = 0;
  let i = 0;
  while (i < n) {
    const b = row[i];
    let j = i + 1;
    while (j < n && j - i < MAX_RUN && row[j] === b) j++;
    if (j - i < 3) {
      i = j;
      continue;
    }
    at = literals(row, literalStart, i, out, at);
    out[at++] = 257 - (j - i);
    out[at++] = b as number;
    i = j;
    literalStart = i;
  }
  return literals(row, literalStart, n, out, at);
}

function segment(frame: Uint8Array, info: PixelInfo, s: number): Uint8Array {
  const { start, stride } = rleSegmentLayout(info, s);
  const cols = info.columns;
  // Worst case: every row all literals, one header byte per 128 bytes, plus the pad.
  const out = new Uint8Array(info.rows * (cols + Math.ceil(cols / MAX_RUN)) + 1);
  const row = new Uint8Array(cols);
  let at = 0;
  for (let y = 0; y < info.rows; y++) {
    let pos = start + y * cols * stride;
    for (let x = 0; x < cols; x++, pos += stride) row[x] = frame[pos] as number;
    at = packRow(row, out, at);
  }
  if (at & 1) out[at++] = 0;
  return out.subarray(0, at);
}

/** Encode one native frame as RLE Lossless (PS3.5 Annex G): 64-byte header, then segments. */
export function rleEncodeFrame(frame: Uint8Array, info: PixelInfo): Uint8Array {
  if (info.photometric === 'YBR_FULL_422') throw new CodecError('ENCODE_FAILED', 'RLE cannot hold subsampled YBR_FULL_422');
  if (frame.length < frameByteLength(info)) throw new CodecError('ENCODE_FAILED', 'frame is shorter than the pixel description');
  const count = rleSegmentCount(info);
  const segments = Array.from({ length: count }, (_, s) => segment(frame, info, s));
  const out = new Uint8Array(64 + segments.reduce((n, s) => n + s.length, 0));
  const view = new DataView(out.buffer);
  view.setUint32(0, count, true);
  let at = 64;
  segments.forEach((s, k) => {
    view.setUint32(4 + k * 4, at, true);
    out.set(s, at);
    at += s.length;
  });
  return out;
}
