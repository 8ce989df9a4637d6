import { Context, NativeCodecs } from 'dcmjs-codecs';
import { DicomBuilder } from '../dicom/builder';
import type { DicomObject } from '../dicom/parse-dicom';
import { decodeFrames } from './decode-frames';
import { initializeCodecs, wasmEncodeLossless } from './wasm-codecs';

const build = (px: Parameters<DicomBuilder['pixels']>[0]): DicomObject => new DicomBuilder().series({ modality: 'OT' }).pixels(px).build();

/** The same image with its frames replaced by fragments in another syntax. */
function encapsulate(obj: DicomObject, uid: string, fragments: Uint8Array[], photometric?: string): DicomObject {
  const dataset = obj.dataset.clone();
  dataset.set('PixelData', 'OB', { kind: 'encapsulated', offsetTable: new Uint8Array(0), fragments });
  if (photometric) dataset.set('PhotometricInterpretation', 'CS', photometric);
  return { ...obj, dataset, transferSyntaxUid: uid };
}

describe('decodeFrames', () => {
  beforeAll(() => initializeCodecs());

  it.each([
    ['JPEG 2000 lossless', '1.2.840.10008.1.2.4.90', 'jpeg2000'],
    ['HTJ2K lossless', '1.2.840.10008.1.2.4.201', 'htj2k'],
    ['HTJ2K RPCL lossless', '1.2.840.10008.1.2.4.202', 'htj2k'],
  ] as const)('decodes %s', async (_name, uid, family) => {
    const obj = build({ rows: 30, columns: 20, bitsAllocated: 16, bitsStored: 12, frames: 2, pattern: (x, y, f) => x * 100 + y + f });
    const native = await decodeFrames(obj);
    const fragments = native.frames.map((f) => wasmEncodeLossless(family, f, native.info));
    const decoded = await decodeFrames(encapsulate(obj, uid, fragments));
    decoded.frames.forEach((f, i) => expect(Buffer.from(f).equals(Buffer.from(native.frames[i]!))).toBe(true));
  });

  it('decodes Encapsulated Uncompressed Explicit VR Little Endian', async () => {
    const obj = build({ rows: 3, columns: 3, bitsAllocated: 8, frames: 2 });
    const native = await decodeFrames(obj);
    const decoded = await decodeFrames(encapsulate(obj, '1.2.840.10008.1.2.1.98', native.frames.map((f) => new Uint8Array([...f, 0]))));
    expect(decoded.frames.map((f) => Array.from(f))).toEqual(native.frames.map((f) => Array.from(f)));
  });

  it('turns lossy YCbCr JPEG into RGB and says so', async () => {
    const obj = new DicomBuilder().series({ modality: 'SC' }).pixels({ rows: 16, columns: 16, photometric: 'RGB', pattern: () => 200 }).build();
    const native = await decodeFrames(obj);
    const ctx = new Context({ width: 16, height: 16, bitsAllocated: 8, bitsStored: 8, samplesPerPixel: 3, pixelRepresentation: 0, planarConfiguration: 0, photometricInterpretation: 'RGB', decodedBuffer: native.frames[0] });
    const jpeg = NativeCodecs.encodeJpeg(ctx, { lossy: true, quality: 95 }).getEncodedBuffer()!;
    const decoded = await decodeFrames(encapsulate(obj, '1.2.840.10008.1.2.4.50', [jpeg], 'YBR_FULL_422'));
    expect(decoded.info.photometric).toBe('RGB');
    expect(decoded.frames[0]!.length).toBe(16 * 16 * 3);
    expect(Math.max(...Array.from(decoded.frames[0]!).map((v) => Math.abs(v - 200)))).toBeLessThanOrEqual(2);
  });

  it.each<[string, (o: DicomObject) => void, string]>([
    ['no Pixel Data', (o) => o.dataset.delete('PixelData'), 'NO_PIXEL_DATA'],
    ['Bits Allocated 1', (o) => o.dataset.set('BitsAllocated', 'US', 1).set('BitsStored', 'US', 1).set('HighBit', 'US', 0), 'UNSUPPORTED_PIXEL_FORMAT'],
    ['a Number of Frames that is not a number', (o) => o.dataset.set('NumberOfFrames', 'IS', '1A'), 'INVALID_PIXEL_MODULE'],
    ['no Rows', (o) => o.dataset.delete('Rows'), 'INVALID_PIXEL_MODULE'],
    ['YBR_PARTIAL_420', (o) => o.dataset.set('PhotometricInterpretation', 'CS', 'YBR_PARTIAL_420').set('SamplesPerPixel', 'US', 3), 'UNSUPPORTED_PIXEL_FORMAT'],
    ['too few bytes for its frames', (o) => o.dataset.set('NumberOfFrames', 'IS', 3), 'FRAME_MISMATCH'],
  ])('refuses %s', async (_name, spoil, code) => {
    const obj = build({ rows: 4, columns: 4, bitsAllocated: 8 });
    spoil(obj);
    await expect(decodeFrames(obj)).rejects.toMatchObject({ code });
  });

  it('refuses a syntax it has no decoder for', async () => {
    const obj = build({ rows: 4, columns: 4, bitsAllocated: 8 });
    await expect(decodeFrames(encapsulate(obj, '1.2.840.10008.1.2.4.100', [new Uint8Array(4)]))).rejects.toMatchObject({ code: 'UNSUPPORTED_TRANSFER_SYNTAX' });
  });
});
