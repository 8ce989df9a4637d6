import { DicomBuilder, type PixelOptions } from '../dicom/builder';
import { parseDicom } from '../dicom/parse-dicom';
import { writeDicom } from '../dicom/write-dicom';
import { decodeFrames } from './decode-frames';
import { encodeFrames, type EncodeTarget } from './encode-frames';
import { toColorByPixel } from './interleave';
import { sameStoredValues } from './stored-values';

const cases: [string, PixelOptions][] = [
  ['8-bit mono', { rows: 17, columns: 23, bitsAllocated: 8 }],
  ['12-bit unsigned', { rows: 32, columns: 30, bitsAllocated: 16, bitsStored: 12 }],
  ['16-bit signed', { rows: 32, columns: 32, bitsAllocated: 16, bitsStored: 16, pixelRepresentation: 1, pattern: (x, y) => (x - y) * 100 }],
  ['12-bit signed', { rows: 16, columns: 16, bitsAllocated: 16, bitsStored: 12, pixelRepresentation: 1, pattern: (x, y) => (x - y) * 50 }],
  ['RGB colour-by-pixel, 3 frames', { rows: 20, columns: 21, photometric: 'RGB', frames: 3 }],
  ['RGB colour-by-plane', { rows: 20, columns: 21, photometric: 'RGB', planarConfiguration: 1 }],
  ['YBR_FULL 16-bit', { rows: 9, columns: 10, photometric: 'YBR_FULL', bitsAllocated: 16, bitsStored: 16 }],
  ['32-bit', { rows: 8, columns: 9, bitsAllocated: 32, bitsStored: 32, pattern: (x, y) => x * 123457 + y * 7 }],
];

const targets: EncodeTarget[] = ['explicit-le', 'rle', 'jpeg-ls-lossless'];

describe('lossless encode, write, read, decode', () => {
  it.each(cases.flatMap(([name, px]) => targets.map((t): [string, EncodeTarget, PixelOptions] => [name, t, px])))('%s as %s', async (_name, target, px) => {
    const obj = new DicomBuilder().series({ modality: 'OT' }).pixels(px).build();
    const original = await decodeFrames(obj);
    if (target === 'jpeg-ls-lossless' && px.bitsAllocated === 32) {
      await expect(encodeFrames(obj, original.frames, target)).rejects.toMatchObject({ code: 'ENCODE_FAILED' });
      return;
    }
    const back = await decodeFrames(parseDicom(writeDicom(await encodeFrames(obj, original.frames, target))));
    expect(back.frames.length).toBe(original.frames.length);
    back.frames.forEach((f, i) => {
      expect(sameStoredValues(toColorByPixel(f, back.info), toColorByPixel(original.frames[i]!, original.info), original.info)).toBe(true);
      // Native and RLE keep whole cells, and the planar configuration.
      if (target !== 'jpeg-ls-lossless') expect(Buffer.from(f).equals(Buffer.from(original.frames[i]!))).toBe(true);
    });
    const planes = target === 'jpeg-ls-lossless' ? 0 : original.info.planarConfiguration;
    expect(back.info.planarConfiguration).toBe(planes);
  });

  it('JPEG-LS drops bits above High Bit (overlay planes) but keeps every pixel value', async () => {
    const obj = new DicomBuilder().series({ modality: 'OT' }).pixels({ rows: 4, columns: 4, bitsAllocated: 16, bitsStored: 12 }).build();
    const cells = (obj.dataset.bytes('PixelData') as Uint8Array).slice();
    cells[1] = (cells[1] as number) | 0x80; // bit 15: an overlay plane
    obj.dataset.set('PixelData', 'OW', cells);
    const original = await decodeFrames(obj);
    const back = await decodeFrames(await encodeFrames(obj, original.frames, 'jpeg-ls-lossless'));
    expect(back.frames[0]![1]! & 0xf0).toBe(0);
    expect(sameStoredValues(back.frames[0]!, original.frames[0]!, original.info)).toBe(true);
  });

  it('refuses frames that do not fit the description', async () => {
    const obj = new DicomBuilder().series({ modality: 'OT' }).pixels({ rows: 4, columns: 4, bitsAllocated: 8 }).build();
    await expect(encodeFrames(obj, [new Uint8Array(15)], 'rle')).rejects.toMatchObject({ code: 'FRAME_MISMATCH' });
    await expect(encodeFrames(obj, [], 'explicit-le')).rejects.toMatchObject({ code: 'FRAME_MISMATCH' });
  });

  it('writes the pixel description that goes with the frames, and drops stale offset tables', async () => {
    const obj = new DicomBuilder().series({ modality: 'SC' }).pixels({ rows: 4, columns: 4, photometric: 'RGB', frames: 2 }).build();
    obj.dataset.set('7FE00001', 'OV', new Uint8Array(16));
    const d = await decodeFrames(obj);
    const out = await encodeFrames(obj, [d.frames[0]!], 'explicit-le', { ...d.info, planarConfiguration: 0 });
    expect(out.dataset.string('NumberOfFrames')).toBe('1');
    expect(out.dataset.has('7FE00001')).toBe(false);
    expect(out.meta.string('TransferSyntaxUID')).toBe('1.2.840.10008.1.2.1');
  });
});
