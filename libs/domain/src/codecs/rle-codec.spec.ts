import type { PixelInfo } from './pixel-info';
import { rleDecodeFrame } from './rle-decode';
import { rleEncodeFrame } from './rle-encode';

const info = (o: Partial<PixelInfo>): PixelInfo => ({
  rows: 1,
  columns: 8,
  samplesPerPixel: 1,
  bitsAllocated: 8,
  bitsStored: 8,
  highBit: 7,
  pixelRepresentation: 0,
  photometric: 'MONOCHROME2',
  planarConfiguration: 0,
  frames: 1,
  ...o,
});

function segmentFrame(segments: number[][]): Uint8Array {
  const header = new Uint8Array(64);
  const view = new DataView(header.buffer);
  view.setUint32(0, segments.length, true);
  let at = 64;
  segments.forEach((s, i) => {
    view.setUint32(4 + i * 4, at, true);
    at += s.length;
  });
  return new Uint8Array([...header, ...segments.flat()]);
}

describe('RLE Lossless (PS3.5 Annex G)', () => {
  it('decodes literal, replicate and no-op runs', () => {
    // literal 3 bytes, no-op (-128), replicate 5 x 9
    const frame = segmentFrame([[2, 1, 2, 3, 128, 252, 9]]);
    expect(Array.from(rleDecodeFrame(frame, info({})))).toEqual([1, 2, 3, 9, 9, 9, 9, 9]);
  });

  it('puts the most significant byte segment first and follows the planar configuration', () => {
    const i16 = info({ columns: 2, bitsAllocated: 16, bitsStored: 16, highBit: 15 });
    expect(Array.from(rleDecodeFrame(segmentFrame([[1, 0x12, 0x34], [1, 0x56, 0x78]]), i16))).toEqual([0x56, 0x12, 0x78, 0x34]);
    const rgb = info({ columns: 2, samplesPerPixel: 3, photometric: 'RGB' });
    const segs = [[1, 1, 2], [1, 3, 4], [1, 5, 6]];
    expect(Array.from(rleDecodeFrame(segmentFrame(segs), rgb))).toEqual([1, 3, 5, 2, 4, 6]);
    expect(Array.from(rleDecodeFrame(segmentFrame(segs), { ...rgb, planarConfiguration: 1 }))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('refuses short segments, overruns and a wrong segment count', () => {
    expect(() => rleDecodeFrame(segmentFrame([[2, 1, 2, 3]]), info({}))).toThrow(/ends early/);
    expect(() => rleDecodeFrame(segmentFrame([[248, 1]]), info({}))).toThrow(/overruns/);
    expect(() => rleDecodeFrame(segmentFrame([[7, 1, 2, 3, 4, 5, 6, 7, 8], [0, 1]]), info({}))).toThrow(/segment count/);
    expect(() => rleDecodeFrame(new Uint8Array(10), info({}))).toThrow(/header/);
  });

  it('encodes long runs and long literals within 128 bytes per run, rows kept apart', () => {
    const wide = info({ rows: 2, columns: 300 });
    const frame = new Uint8Array(600);
    for (let i = 0; i < 300; i++) frame[i] = i % 2 === 0 ? i & 0xff : 7; // literals
    frame.fill(42, 300); // one long run on row 2
    const encoded = rleEncodeFrame(frame, wide);
    expect(encoded.length % 2).toBe(0);
    expect(Buffer.from(rleDecodeFrame(encoded, wide)).equals(Buffer.from(frame))).toBe(true);
    expect(encoded.length).toBeLessThan(64 + 310 + 8);
  });
});
