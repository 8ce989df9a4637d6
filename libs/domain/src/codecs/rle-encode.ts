import { CodecError } from './codec-error';
import { frameByteLength, type PixelInfo } from './pixel-info';
import { rleSegmentCount, rleSegmentLayout } from './rle-layout';

const MAX_RUN = 128;

/** Growable byte buffer for one segment. */
class Bytes {
  buf = new Uint8Array(1024);
  length = 0;

  push(b: number): void {
    if (this.length === this.buf.length) {
      const bigger = new Uint8Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.length++] = b;
  }
}

/** Length of the run of equal bytes starting at i (at most MAX_RUN, within [i, end)). */
function runLength(row: Uint8Array, i: number, end: number): number {
  const b = row[i];
  let j = i + 1;
  while (j < end && j - i < MAX_RUN && row[j] === b) j++;
  return j - i;
}

/**
 * PackBits one row (PS3.5 G.3.1: runs never cross a row): runs of three or more equal
 * bytes become replicate runs, everything else literal runs of up to 128 bytes.
 */
function packRow(row: Uint8Array, out: Bytes): void {
  let i = 0;
  let literalStart = 0;
  const flush = (end: number): void => {
    for (let s = literalStart; s < end; s += MAX_RUN) {
      const n = Math.min(MAX_RUN, end - s);
      out.push(n - 1);
      for (let k = 0; k < n; k++) out.push(row[s + k] as number);
    }
  };
  while (i < row.length) {
    const run = runLength(row, i, row.length);
    if (run < 3) {
      i += run;
      continue;
    }
    flush(i);
    out.push(257 - run);
    out.push(row[i] as number);
    i += run;
    literalStart = i;
  }
  flush(row.length);
}

function segment(frame: Uint8Array, info: PixelInfo, s: number): Uint8Array {
  const { start, stride } = rleSegmentLayout(info, s);
  const out = new Bytes();
  const row = new Uint8Array(info.columns);
  for (let y = 0; y < info.rows; y++) {
    let pos = start + y * info.columns * stride;
    for (let x = 0; x < info.columns; x++, pos += stride) row[x] = frame[pos] as number;
    packRow(row, out);
  }
  if (out.length & 1) out.push(0);
  return out.buf.subarray(0, out.length);
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
