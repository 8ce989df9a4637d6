import { Context, NativeCodecs } from 'dcmjs-codecs';
import { decodeFrames } from '../codecs/decode-frames';
import type { EncodeTarget } from '../codecs/encode-frames';
import { initializeCodecs } from '../codecs/wasm-codecs';
import { DicomBuilder, type PixelOptions } from '../dicom/builder';
import type { DicomObject } from '../dicom/parse-dicom';
import { writeDicom } from '../dicom/write-dicom';
import { redactPixels } from './redact-pixels';

/**
 * Frames per second of the whole redaction (decode, paint, self-check, encode, write)
 * on typical sizes; printed for the record, with floors low enough for a 2-core CI.
 */
const lines: string[] = [];
afterAll(() => process.stdout.write(`\nredaction throughput:\n${lines.join('\n')}\n`));

const ZONE = [{ x: 0, y: 0, width: 640, height: 48 }];

async function measure(label: string, obj: DicomObject, frames: number, target: EncodeTarget = 'explicit-le'): Promise<number> {
  await redactPixels(obj, ZONE, { newSopInstanceUid: '2.25.1', target }); // warm-up (JIT, WASM)
  const start = process.hrtime.bigint();
  const { object } = await redactPixels(obj, ZONE, { newSopInstanceUid: '2.25.1', target });
  writeDicom(object);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const fps = frames / seconds;
  lines.push(`  ${label}: ${fps.toFixed(0)} frames/s (${frames} frames in ${(seconds * 1000).toFixed(0)} ms)`);
  return fps;
}

/**
 * A native object with a busy, deterministic image: the builder's per-sample pattern
 * function is too slow for tens of megapixels, so the bytes are made here.
 */
function native(px: PixelOptions & { frames: number }): DicomObject {
  const obj = new DicomBuilder().series({ modality: 'US' }).pixels({ ...px, pattern: 'zero' }).build();
  const bytes = (obj.dataset.bytes('PixelData') as Uint8Array).slice();
  const row = px.columns * (px.photometric === 'RGB' ? 3 : 1) * ((px.bitsAllocated ?? 8) / 8);
  for (let i = 0; i < bytes.length; i++) bytes[i] = ((i % row) * 3 + Math.floor(i / row) * 5 + (i % 7)) & (px.bitsAllocated === 16 && i % 2 === 1 ? 0x0f : 0xff);
  obj.dataset.set('PixelData', bytes);
  return obj;
}

/** A JPEG baseline (YBR_FULL_422) object of `frames` 640x480 frames, made with libjpeg. */
async function jpegBaseline(frames: number): Promise<DicomObject> {
  await initializeCodecs();
  const obj = native({ rows: 480, columns: 640, photometric: 'RGB', frames });
  const decoded = await decodeFrames(obj);
  const fragments = decoded.frames.map((f) => {
    const ctx = new Context({ width: 640, height: 480, bitsAllocated: 8, bitsStored: 8, samplesPerPixel: 3, pixelRepresentation: 0, planarConfiguration: 0, photometricInterpretation: 'RGB', decodedBuffer: f });
    return NativeCodecs.encodeJpeg(ctx, { lossy: true, quality: 90 }).getEncodedBuffer() as Uint8Array;
  });
  const dataset = obj.dataset.clone().set('PhotometricInterpretation', 'CS', 'YBR_FULL_422');
  dataset.set('PixelData', 'OB', { kind: 'encapsulated', offsetTable: new Uint8Array(0), fragments });
  return { ...obj, dataset, transferSyntaxUid: '1.2.840.10008.1.2.4.50' };
}

describe('redaction throughput', () => {
  jest.setTimeout(120_000);
  it('512x512 16-bit native', async () => {
    const fps = await measure('512x512 16-bit native -> native', native({ rows: 512, columns: 512, bitsAllocated: 16, bitsStored: 12, frames: 40 }), 40);
    expect(fps).toBeGreaterThan(20);
  });

  it('640x480 RGB native', async () => {
    const obj = native({ rows: 480, columns: 640, photometric: 'RGB', frames: 30 });
    expect(await measure('640x480 RGB native -> native', obj, 30)).toBeGreaterThan(20);
    await measure('640x480 RGB native -> RLE', obj, 30, 'rle');
    await measure('640x480 RGB native -> JPEG-LS lossless', obj, 30, 'jpeg-ls-lossless');
  });

  it('640x480 JPEG baseline decode + redact + encode', async () => {
    const obj = await jpegBaseline(20);
    expect(await measure('640x480 JPEG baseline -> native', obj, 20)).toBeGreaterThan(5);
    await measure('640x480 JPEG baseline -> RLE', obj, 20, 'rle');
    await measure('640x480 JPEG baseline -> JPEG-LS lossless', obj, 20, 'jpeg-ls-lossless');
  });
});
