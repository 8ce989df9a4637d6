import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DicomBuilder, type PixelOptions } from '../dicom/builder';
import type { EncapsulatedPixelData } from '../dicom/element';
import { parseDicom, type DicomObject } from '../dicom/parse-dicom';
import { codecSyntax } from './codec-syntaxes';
import { decodeFrames, type DecodedPixels } from './decode-frames';
import { encodeFrames } from './encode-frames';
import { toColorByPixel } from './interleave';
import { sameStoredValues } from './stored-values';

/**
 * Our decoders against DCMTK (dcmdjpeg, dcmdjpls, dcmdrle) and GDCM (gdcmconv --raw, for
 * JPEG 2000): every pydicom file of an encapsulated syntax, and builder images that
 * DCMTK and GDCM compress into the syntaxes pydicom has no file of. Pixel values must
 * be identical (lossy syntaxes included: the same decoder family is deterministic).
 */
const DIR = '/usr/lib/python3/dist-packages/pydicom/data/test_files';
let work = '';
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'gantry-codecs-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function tool(name: string, args: string[]): void {
  const r = spawnSync(`/usr/bin/${name}`, args, { encoding: 'utf8' });
  if (r.error) throw r.error;
  expect({ name, status: r.status }).toEqual({ name, status: 0 });
}

const read = (path: string): DicomObject => parseDicom(new Uint8Array(readFileSync(path)));

function decompressor(uid: string): { name: string; args: string[] } {
  const family = codecSyntax(uid)?.family;
  if (family === 'jpeg') return { name: 'dcmdjpeg', args: [] };
  if (family === 'jpeg-ls') return { name: 'dcmdjpls', args: [] };
  if (family === 'rle') return { name: 'dcmdrle', args: [] };
  return { name: 'gdcmconv', args: ['--raw'] };
}

function expectSamePixels(ours: DecodedPixels, ref: DecodedPixels): void {
  expect(ours.info.photometric).toBe(ref.info.photometric);
  expect(ours.frames.length).toBe(ref.frames.length);
  ours.frames.forEach((f, i) => {
    const a = toColorByPixel(f, ours.info);
    const b = toColorByPixel(ref.frames[i]!, ref.info);
    expect(sameStoredValues(a, b, ours.info)).toBe(true);
  });
}

async function compareWithReference(path: string): Promise<void> {
  const obj = read(path);
  const { name, args } = decompressor(obj.transferSyntaxUid);
  const out = `${path}.ref.dcm`;
  tool(name, [...args, path, out]);
  expectSamePixels(await decodeFrames(obj), await decodeFrames(read(out)));
}

const decodable = readdirSync(DIR)
  .filter((f) => f.endsWith('.dcm') && !['JPEG2000-embedded-sequence-delimiter.dcm', 'SC_rgb_jpeg.dcm'].includes(f))
  .filter((f) => {
    try {
      const obj = read(join(DIR, f));
      return codecSyntax(obj.transferSyntaxUid) !== undefined && obj.dataset.has('PixelData');
    } catch {
      return false;
    }
  })
  .sort();

describe('pydicom encapsulated files decode as DCMTK / GDCM decode them', () => {
  it.each(decodable)('%s', async (name) => {
    const copy = join(work, name);
    writeFileSync(copy, readFileSync(join(DIR, name)));
    await compareWithReference(copy);
  });
});

const image = (px: PixelOptions, seed: string): string => {
  const path = join(work, `${seed}.dcm`);
  writeFileSync(path, new DicomBuilder({ seed }).series({ modality: 'OT' }).pixels(px).toBytes());
  return path;
};

const MONO8: PixelOptions = { rows: 64, columns: 64, bitsAllocated: 8, frames: 3, pattern: (x, y, f) => (x * 3 + y * 5 + f * 40) % 256 };
const MONO12: PixelOptions = { rows: 64, columns: 48, bitsAllocated: 16, bitsStored: 12, pattern: (x, y) => (x * 61 + y * 17) % 4096 };
const SIGNED16: PixelOptions = { rows: 40, columns: 40, bitsAllocated: 16, bitsStored: 16, pixelRepresentation: 1, pattern: (x, y) => (x - y) * 700 };
const RGB: PixelOptions = { rows: 48, columns: 64, photometric: 'RGB', frames: 2, pattern: (x, y, f, s) => (x * (s + 1) + y * 2 + f * 30) % 256 };

describe('syntaxes made by DCMTK and GDCM decode as they decode them', () => {
  it.each<[string, PixelOptions, string, string[]]>([
    ['JPEG lossless .57, 1 KB fragments, no offset table', MONO8, 'dcmcjpeg', ['+el', '+fs', '1', '-ot']],
    ['JPEG lossless SV1 .70, 12-bit', MONO12, 'dcmcjpeg', ['+e1']],
    ['JPEG baseline .50, RGB (YBR_FULL_422)', RGB, 'dcmcjpeg', ['+eb']],
    ['JPEG extended .51, 12-bit', MONO12, 'dcmcjpeg', ['+ee']],
    ['JPEG-LS lossless .80, 1 KB fragments, no offset table', MONO8, 'dcmcjpls', ['+fs', '1', '-ot']],
    ['JPEG-LS near-lossless .81', MONO12, 'dcmcjpls', ['+en', '+md', '3']],
    ['JPEG-LS near-lossless .81, RGB', RGB, 'dcmcjpls', ['+en']],
    ['RLE, signed 16-bit', SIGNED16, 'dcmcrle', []],
    ['JPEG 2000 lossless .90, signed 16-bit', SIGNED16, 'gdcmconv', ['--j2k']],
    ['JPEG 2000 lossless .90, RGB', RGB, 'gdcmconv', ['--j2k']],
    ['JPEG 2000 .91 lossy', MONO12, 'gdcmconv', ['--j2k', '--lossy', '-q', '30']],
  ])('%s', async (label, px, compressor, args) => {
    const seed = label.replace(/[^A-Za-z0-9]+/g, '-');
    const src = image(px, seed);
    const dst = join(work, `${seed}.c.dcm`);
    tool(compressor, [...args, src, dst]);
    const compressed = read(dst);
    expect(codecSyntax(compressed.transferSyntaxUid)).toBeDefined();
    await compareWithReference(dst);
    const lossless = codecSyntax(compressed.transferSyntaxUid)?.lossy === 'never';
    if (lossless) expectSamePixels(await decodeFrames(compressed), await decodeFrames(read(src)));
  });

  it('splits frames across several fragments without an offset table', () => {
    const src = image(MONO8, 'fragments');
    tool('dcmcjpeg', ['+el', '+fs', '1', '-ot', src, join(work, 'fragments.c.dcm')]);
    const px = read(join(work, 'fragments.c.dcm')).dataset.value('PixelData') as EncapsulatedPixelData;
    expect(px.offsetTable.length).toBe(0);
    expect(px.fragments.length).toBeGreaterThan(3);
  });

  it('keeps a lossy source lossy: flags carried, or added with method and ratio when the source omitted them', async () => {
    const src = image(MONO12, 'lossy-flags');
    tool('dcmcjpeg', ['+ee', src, join(work, 'lossy-flags.c.dcm')]);
    const jpeg = read(join(work, 'lossy-flags.c.dcm'));
    const decoded = await decodeFrames(jpeg);
    const carried = await encodeFrames(jpeg, decoded.frames, 'rle', decoded.info);
    expect(carried.dataset.string('LossyImageCompression')).toBe('01');
    expect(carried.dataset.strings('LossyImageCompressionMethod')).toEqual(jpeg.dataset.strings('LossyImageCompressionMethod'));
    for (const k of ['LossyImageCompression', 'LossyImageCompressionMethod', 'LossyImageCompressionRatio']) jpeg.dataset.delete(k);
    const added = await encodeFrames(jpeg, decoded.frames, 'explicit-le', decoded.info);
    expect(added.dataset.string('LossyImageCompression')).toBe('01');
    expect(added.dataset.strings('LossyImageCompressionMethod')).toEqual(['ISO_10918_1']);
    expect(Number(added.dataset.string('LossyImageCompressionRatio'))).toBeGreaterThan(1);
  });
});

describe('big endian native data reads as its little endian twin', () => {
  it.each([
    ['MR_small_bigendian.dcm', 'MR_small.dcm'],
    ['MR_small_expb.dcm', 'MR_small.dcm'],
    ['rtdose_expb.dcm', 'rtdose.dcm'],
    ['rtdose_expb_1frame.dcm', 'rtdose_1frame.dcm'],
  ])('%s', async (big, little) => {
    const a = await decodeFrames(read(join(DIR, big)));
    const b = await decodeFrames(read(join(DIR, little)));
    expect(a.frames.length).toBe(b.frames.length);
    a.frames.forEach((f, i) => expect(Buffer.from(f).equals(Buffer.from(b.frames[i]!))).toBe(true));
  });
});
