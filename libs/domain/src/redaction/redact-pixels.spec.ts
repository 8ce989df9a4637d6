import { Context, NativeCodecs } from 'dcmjs-codecs';
import { decodeFrames, type DecodedPixels } from '../codecs/decode-frames';
import { encodeFrames } from '../codecs/encode-frames';
import { initializeCodecs } from '../codecs/wasm-codecs';
import { DicomBuilder, type BuilderModality, type PixelOptions } from '../dicom/builder';
import { parseDicom, type DicomObject } from '../dicom/parse-dicom';
import { writeDicom } from '../dicom/write-dicom';
import { redactPixels } from './redact-pixels';
import type { Zone } from './redaction-types';
import { verifyRedaction } from './verify-redaction';

const UID = '2.25.1234567890';
const ZONES: Zone[] = [
  { x: 2, y: 1, width: 5, height: 3 },
  { x: 5, y: 6, width: 100, height: 100 }, // reaches past the edge: clipped
];

const build = (modality: BuilderModality, px: PixelOptions): DicomObject =>
  new DicomBuilder({ seed: 'redact' }).series({ modality }).pixels(px).set('BurnedInAnnotation', 'YES').build();

/** Read back what would be exported and check it against the decoded original, pixel by pixel. */
async function exported(result: Awaited<ReturnType<typeof redactPixels>>): Promise<DecodedPixels> {
  return decodeFrames(parseDicom(writeDicom(result.object)));
}

/** Sample value at (x, y, sample) of frame f, for spot checks independent of verifyRedaction. */
function sampleAt(d: DecodedPixels, f: number, x: number, y: number, s: number): number {
  const { info } = d;
  const bps = info.bitsAllocated / 8;
  const pixel = y * info.columns + x;
  const index = info.planarConfiguration === 1 ? s * info.rows * info.columns + pixel : pixel * info.samplesPerPixel + s;
  const frame = d.frames[f]!;
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const raw = bps === 1 ? view.getUint8(index) : bps === 2 ? view.getUint16(index * 2, true) : view.getUint32(index * 4, true);
  if (info.pixelRepresentation === 0) return raw;
  const bits = info.bitsAllocated;
  return raw >= 2 ** (bits - 1) ? raw - 2 ** bits : raw;
}

const fixtures: [string, BuilderModality, PixelOptions, number[]][] = [
  ['RGB, planar configuration 1', 'SC', { rows: 24, columns: 30, photometric: 'RGB', planarConfiguration: 1 }, [0, 0, 0]],
  ['30-frame US RGB', 'US', { rows: 32, columns: 40, photometric: 'RGB', frames: 30 }, [0, 0, 0]],
  ['30-frame US YBR_FULL', 'US', { rows: 32, columns: 40, photometric: 'YBR_FULL', frames: 30 }, [0, 128, 128]],
  ['16-bit signed CT', 'CT', { rows: 64, columns: 64, bitsAllocated: 16, bitsStored: 16, pixelRepresentation: 1, pattern: (x, y) => (x - y) * 300 }, [-32768]],
  ['12-bit signed CT', 'CT', { rows: 32, columns: 32, bitsAllocated: 16, bitsStored: 12, pixelRepresentation: 1, pattern: (x, y) => x - y }, [-2048]],
  ['MONOCHROME1', 'CR', { rows: 32, columns: 32, photometric: 'MONOCHROME1', bitsAllocated: 16, bitsStored: 10 }, [1023]],
  ['8-bit MONOCHROME2', 'OT', { rows: 20, columns: 33, bitsAllocated: 8, bitsStored: 8 }, [0]],
  ['32-bit', 'OT', { rows: 16, columns: 24, bitsAllocated: 32, bitsStored: 32, pattern: (x, y) => x * 1e6 + y + 7 }, [0]],
  ['PALETTE COLOR', 'SC', { rows: 24, columns: 24, photometric: 'PALETTE COLOR', bitsAllocated: 8, bitsStored: 8 }, [0]],
];

describe('redactPixels on builder fixtures', () => {
  it.each(fixtures)('%s: inside = fill, outside unchanged, every frame', async (_name, modality, px, darkest) => {
    const obj = build(modality, { pattern: (x, y, f, s) => 1 + ((x * 7 + y * 3 + f * 11 + s * 5) % 200), ...px });
    const result = await redactPixels(obj, ZONES, { newSopInstanceUid: UID });
    expect(result.fill).toEqual(darkest);
    expect(result.framesRedacted).toBe(px.frames ?? 1);
    expect(result.zonesApplied).toBe(2);
    const back = await exported(result);
    const check = verifyRedaction(result.original, back, ZONES, result.fill);
    expect(check).toMatchObject({ ok: true, framesChecked: px.frames ?? 1, insideMismatches: 0, outsideMismatches: 0 });
    const last = (px.frames ?? 1) - 1;
    for (let s = 0; s < (px.samplesPerPixel ?? (px.photometric === 'RGB' || px.photometric === 'YBR_FULL' ? 3 : 1)); s++) {
      expect(sampleAt(back, last, 2, 1, s)).toBe(darkest[s]);
      expect(sampleAt(back, last, px.columns - 1, px.rows - 1, s)).toBe(darkest[s]);
      expect(sampleAt(back, last, 1, 1, s)).toBe(sampleAt(result.original, last, 1, 1, s));
      expect(sampleAt(back, last, 4, 5, s)).toBe(sampleAt(result.original, last, 4, 5, s));
    }
  });

  it('detects a changed pixel outside and inside the zones (the check can fail)', async () => {
    const result = await redactPixels(build('OT', { rows: 16, columns: 16, bitsAllocated: 8 }), ZONES, { newSopInstanceUid: UID });
    const tampered = result.redacted.frames.map((f) => f.slice());
    tampered[0]![0] = (tampered[0]![0]! + 1) & 0xff; // (0,0): outside
    tampered[0]![16 * 2 + 3] = 99; // (3,2): inside
    const check = verifyRedaction(result.original, { ...result.redacted, frames: tampered }, ZONES, result.fill);
    expect(check).toMatchObject({ ok: false, insideMismatches: 1, outsideMismatches: 1, firstMismatch: { frame: 0, x: 0, y: 0, inside: false } });
    expect(verifyRedaction(result.original, result.original, ZONES, result.fill).insideMismatches).toBeGreaterThan(0);
  });

  it('fills PALETTE COLOR with the index of the darkest palette entry', async () => {
    const lut = new Uint8Array(256 * 2);
    const view = new DataView(lut.buffer);
    for (let i = 0; i < 256; i++) view.setUint16(i * 2, i === 77 ? 0 : 40000 + i, true);
    const obj = new DicomBuilder()
      .series({ modality: 'SC' })
      .pixels({ rows: 8, columns: 8, photometric: 'PALETTE COLOR', bitsAllocated: 8, bitsStored: 8 })
      .set('RedPaletteColorLookupTableData', 'OW', lut)
      .set('GreenPaletteColorLookupTableData', 'OW', lut)
      .set('BluePaletteColorLookupTableData', 'OW', lut)
      .build();
    const result = await redactPixels(obj, [{ x: 0, y: 0, width: 2, height: 2 }], { newSopInstanceUid: UID });
    expect(result.fill).toEqual([77]);
    expect(sampleAt(await exported(result), 0, 1, 1, 0)).toBe(77);
  });

  it('takes an explicit fill: a grey for RGB, an RGB triple converted for YBR_FULL', async () => {
    const rgb = await redactPixels(build('SC', { rows: 8, columns: 8, photometric: 'RGB' }), ZONES, { newSopInstanceUid: UID, fill: 200 });
    expect(rgb.fill).toEqual([200, 200, 200]);
    const ybr = await redactPixels(build('US', { rows: 8, columns: 8, photometric: 'YBR_FULL' }), ZONES, { newSopInstanceUid: UID, fill: [255, 0, 0] });
    expect(ybr.fill).toEqual([76, 85, 255]);
  });

  it('writes 12-bit signed fills sign-extended and clears bits above High Bit (overlay bits) inside zones', async () => {
    const obj = build('CT', { rows: 8, columns: 8, bitsAllocated: 16, bitsStored: 12, pixelRepresentation: 0, pattern: () => 5 });
    const px = (obj.dataset.bytes('PixelData') as Uint8Array).slice();
    px[1] = 0xf0; // overlay bits 12-15 set in pixel (0,0)
    obj.dataset.set('PixelData', 'OW', px);
    const result = await redactPixels(obj, [{ x: 0, y: 0, width: 1, height: 1 }], { newSopInstanceUid: UID, fill: 3 });
    const out = result.object.dataset.bytes('PixelData') as Uint8Array;
    expect([out[0], out[1]]).toEqual([3, 0]);
    const signed = await redactPixels(build('CT', { rows: 8, columns: 8, bitsAllocated: 16, bitsStored: 12, pixelRepresentation: 1 }), [{ x: 0, y: 0, width: 1, height: 1 }], { newSopInstanceUid: UID });
    const cells = signed.object.dataset.bytes('PixelData') as Uint8Array;
    expect([cells[0], cells[1]]).toEqual([0x00, 0xf8]); // -2048 over 16 bits
  });
});

describe('redactPixels errors', () => {
  const obj = (): DicomObject => build('OT', { rows: 10, columns: 12, bitsAllocated: 8 });
  it.each<[string, Zone[], object, string]>([
    ['a zone outside the image', [{ x: 12, y: 0, width: 1, height: 1 }], {}, 'ZONE_OUTSIDE_IMAGE'],
    ['a zone below the image', [{ x: 0, y: 10, width: 5, height: 5 }], {}, 'ZONE_OUTSIDE_IMAGE'],
    ['an empty zone', [{ x: 0, y: 0, width: 0, height: 5 }], {}, 'INVALID_ZONE'],
    ['no zones', [], {}, 'NO_ZONES'],
    ['an RGB fill for grey pixels', ZONES, { fill: [1, 2, 3] }, 'INVALID_FILL'],
    ['a fill beyond Bits Stored', ZONES, { fill: 256 }, 'INVALID_FILL'],
    ['a malformed UID', ZONES, { newSopInstanceUid: '1.2.03' }, 'INVALID_UID'],
  ])('refuses %s', async (_name, zones, options, code) => {
    await expect(redactPixels(obj(), zones, { newSopInstanceUid: UID, ...options })).rejects.toMatchObject({ code });
  });
});

describe('redactPixels header changes', () => {
  it('marks the object redacted and derived, under the new UID', async () => {
    const obj = build('US', { rows: 8, columns: 8 });
    obj.dataset.set('ImageType', 'CS', 'ORIGINAL\\PRIMARY\\ABDOMINAL');
    obj.dataset.set('DerivationDescription', 'ST', 'earlier step');
    obj.dataset.set('00120063', 'LO', 'Gantry PS3.15 Basic Profile (2024b)');
    obj.dataset.set('00120064', 'SQ', [{ CodeValue: '113100', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Basic Application Confidentiality Profile' }]);
    const { object } = await redactPixels(obj, ZONES, { newSopInstanceUid: UID });
    const ds = parseDicom(writeDicom(object)).dataset;
    expect(ds.string('BurnedInAnnotation')).toBe('NO');
    expect(ds.strings('ImageType')).toEqual(['DERIVED', 'PRIMARY', 'ABDOMINAL']);
    expect(ds.string('DerivationDescription')).toMatch(/^earlier step; Burned-in annotation removed by Gantry: 2 zone\(s\)/);
    expect(ds.sequence('DerivationCodeSequence')?.map((i) => i.string('CodeValue'))).toEqual(['113047']);
    expect(ds.sequence('00120064')?.map((i) => i.string('CodeValue'))).toEqual(['113100', '113101']);
    expect(ds.strings('00120063')).toContain('Clean Pixel Data');
    expect(ds.string('SOPInstanceUID')).toBe(UID);
    expect(object.meta.string('MediaStorageSOPInstanceUID')).toBe(UID);
  });

  it('adds no de-identification record where there is none', async () => {
    const { object } = await redactPixels(build('US', { rows: 8, columns: 8 }), ZONES, { newSopInstanceUid: UID });
    expect(object.dataset.has('00120064')).toBe(false);
  });
});

describe('redactPixels on encapsulated input', () => {
  it.each(['rle', 'jpeg-ls-lossless'] as const)('decodes %s, redacts and writes native by default or %s on request', async (target) => {
    const source = build('US', { rows: 24, columns: 32, photometric: 'RGB', frames: 3 });
    const decoded = await decodeFrames(source);
    const compressed = await encodeFrames(source, decoded.frames, target);
    const compressedObj = parseDicom(writeDicom(compressed));
    const native = await redactPixels(compressedObj, ZONES, { newSopInstanceUid: UID });
    expect(native.object.transferSyntaxUid).toBe('1.2.840.10008.1.2.1');
    const same = await redactPixels(compressedObj, ZONES, { newSopInstanceUid: UID, target });
    expect(same.object.transferSyntaxUid).toBe(compressed.transferSyntaxUid);
    for (const r of [native, same]) {
      expect(verifyRedaction(decoded, await exported(r), ZONES, r.fill).ok).toBe(true);
      expect(r.object.dataset.string('LossyImageCompression')).toBe('00');
    }
  });
});

describe('redactPixels on lossy input', () => {
  it('writes lossy YCbCr JPEG as RGB, losslessly, and keeps it marked lossy', async () => {
    await initializeCodecs();
    const obj = build('US', { rows: 16, columns: 24, photometric: 'RGB' });
    const native = await decodeFrames(obj);
    const ctx = new Context({ width: 24, height: 16, bitsAllocated: 8, bitsStored: 8, samplesPerPixel: 3, pixelRepresentation: 0, planarConfiguration: 0, photometricInterpretation: 'RGB', decodedBuffer: native.frames[0] });
    const dataset = obj.dataset.clone().set('PhotometricInterpretation', 'CS', 'YBR_FULL_422');
    dataset.set('PixelData', 'OB', { kind: 'encapsulated', offsetTable: new Uint8Array(0), fragments: [NativeCodecs.encodeJpeg(ctx, { lossy: true }).getEncodedBuffer()!] });
    const jpeg: DicomObject = { ...obj, dataset, transferSyntaxUid: '1.2.840.10008.1.2.4.50' };
    const result = await redactPixels(jpeg, ZONES, { newSopInstanceUid: UID, target: 'rle' });
    const ds = result.object.dataset;
    expect([ds.string('PhotometricInterpretation'), ds.string('LossyImageCompression'), ds.string('LossyImageCompressionMethod')]).toEqual(['RGB', '01', 'ISO_10918_1']);
    expect(verifyRedaction(await decodeFrames(jpeg), await exported(result), ZONES, result.fill).ok).toBe(true);
  });

  it('leaves its input untouched', async () => {
    const obj = build('US', { rows: 8, columns: 8 });
    const before = writeDicom(obj);
    await redactPixels(obj, ZONES, { newSopInstanceUid: UID });
    expect(Buffer.from(writeDicom(obj)).equals(Buffer.from(before))).toBe(true);
  });
});
