import { DataSet } from '../dicom/data-set';
import type { EncapsulatedPixelData } from '../dicom/element';
import { encapsulatedFrames } from './frame-fragments';

const SOI = [0xff, 0xd8];
const frag = (...b: number[]): Uint8Array => new Uint8Array(b);
const px = (fragments: Uint8Array[], offsets: number[] = []): EncapsulatedPixelData => {
  const table = new Uint8Array(offsets.length * 4);
  offsets.forEach((o, i) => new DataView(table.buffer).setUint32(i * 4, o, true));
  return { kind: 'encapsulated', offsetTable: table, fragments };
};
const bytes = (frames: Uint8Array[]): number[][] => frames.map((f) => Array.from(f));

describe('encapsulatedFrames', () => {
  const a = frag(...SOI, 1, 2);
  const b = frag(3, 4);
  const c = frag(...SOI, 5, 6);

  it('follows the Basic Offset Table', () => {
    expect(bytes(encapsulatedFrames(px([a, b, c], [0, 20]), 2, 'jpeg'))).toEqual([[...SOI, 1, 2, 3, 4], [...SOI, 5, 6]]);
  });

  it('follows the Extended Offset Table before the basic one', () => {
    const ds = new DataSet().set('7FE00001', 'OV', new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0]));
    expect(bytes(encapsulatedFrames(px([a, b, c]), 2, 'rle', ds))).toEqual([Array.from(a), [...b, ...c]]);
  });

  it('joins every fragment of a single frame', () => {
    expect(bytes(encapsulatedFrames(px([a, b]), 1, 'jpeg'))).toEqual([[...SOI, 1, 2, 3, 4]]);
  });

  it('pairs fragments with frames when the counts agree', () => {
    expect(encapsulatedFrames(px([a, b, c]), 3, 'rle')).toHaveLength(3);
  });

  it('finds frames by their start marker without an offset table, or with a wrong one', () => {
    expect(bytes(encapsulatedFrames(px([a, b, c]), 2, 'jpeg'))).toEqual([[...SOI, 1, 2, 3, 4], [...SOI, 5, 6]]);
    expect(encapsulatedFrames(px([a, b, c], [0, 7]), 2, 'jpeg')).toHaveLength(2);
    const j2k = frag(0xff, 0x4f, 0xff, 0x51, 0);
    expect(encapsulatedFrames(px([j2k, b, j2k]), 2, 'jpeg2000')).toHaveLength(2);
  });

  it('refuses what it cannot assign', () => {
    expect(() => encapsulatedFrames(px([a, b, c]), 2, 'rle')).toThrow(/FRAME_MISMATCH/);
    expect(() => encapsulatedFrames(px([b, c, b]), 2, 'jpeg')).toThrow(/FRAME_MISMATCH/);
    expect(() => encapsulatedFrames(px([]), 1, 'jpeg')).toThrow(/FRAME_MISMATCH/);
  });
});
