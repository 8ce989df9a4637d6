import type { DataSet } from '../dicom/data-set';
import { buildFileMeta } from '../dicom/file-meta';
import type { DicomObject } from '../dicom/parse-dicom';
import { TRANSFER_SYNTAX } from '../dicom/transfer-syntax';
import { CodecError } from './codec-error';
import { codecSyntax } from './codec-syntaxes';
import { decodeFrame } from './decode-frame';
import { carryLossyHistory } from './lossy-history';
import { toColorByPixel } from './interleave';
import { frameByteLength, readPixelInfo, type PixelInfo } from './pixel-info';
import { rleEncodeFrame } from './rle-encode';
import { sameStoredValues } from './stored-values';
import { initializeCodecs, wasmEncodeLossless } from './wasm-codecs';

/** Lossless outputs: native explicit VR LE, RLE Lossless, or JPEG-LS Lossless (NEAR 0). */
export type EncodeTarget = 'explicit-le' | 'rle' | 'jpeg-ls-lossless';

const TARGET_SYNTAX: Readonly<Record<EncodeTarget, string>> = {
  'explicit-le': TRANSFER_SYNTAX.EXPLICIT_LE,
  rle: TRANSFER_SYNTAX.RLE_LOSSLESS,
  'jpeg-ls-lossless': TRANSFER_SYNTAX.JPEG_LS_LOSSLESS,
};

function concat(frames: readonly Uint8Array[]): Uint8Array {
  const total = frames.reduce((n, f) => n + f.length, 0);
  const out = new Uint8Array(total + (total & 1));
  let at = 0;
  for (const f of frames) {
    out.set(f, at);
    at += f.length;
  }
  return out;
}

/**
 * JPEG-LS codes Bits Stored bits: cells are cut to them (signed values keep their two's
 * complement bits, and decode to the same pixel values; bits above High Bit are not kept).
 */
function jpegLsInput(frame: Uint8Array, info: PixelInfo): Uint8Array {
  if (info.bitsAllocated === 32 || info.bitsStored < 2 || info.highBit !== info.bitsStored - 1) {
    throw new CodecError('ENCODE_FAILED', 'JPEG-LS needs 2 to 16 bits stored with High Bit = Bits Stored - 1');
  }
  if (info.bitsStored === info.bitsAllocated) return frame;
  const mask = 2 ** info.bitsStored - 1;
  const out = frame.slice();
  if (info.bitsAllocated === 8) out.forEach((b, i) => (out[i] = b & mask));
  else {
    const view = new DataView(out.buffer);
    for (let at = 0; at + 1 < out.length; at += 2) view.setUint16(at, view.getUint16(at, true) & mask, true);
  }
  return out;
}

async function encodeFragments(frames: readonly Uint8Array[], target: Exclude<EncodeTarget, 'explicit-le'>, info: PixelInfo): Promise<Uint8Array[]> {
  if (target === 'rle') return frames.map((f) => rleEncodeFrame(f, info));
  await initializeCodecs();
  return frames.map((f) => wasmEncodeLossless('jpeg-ls', jpegLsInput(f, info), info));
}

/** Decode what was just encoded and require every pixel value back: "lossless" is checked, not trusted. */
function assertRoundTrip(fragments: readonly Uint8Array[], frames: readonly Uint8Array[], uid: string, info: PixelInfo): void {
  const syntax = codecSyntax(uid);
  if (!syntax) throw new CodecError('ENCODE_FAILED', 'no decoder for the target syntax');
  fragments.forEach((bytes, i) => {
    const back = decodeFrame(bytes, syntax, info);
    const frame = frames[i] as Uint8Array;
    const same = back.info.planarConfiguration === info.planarConfiguration && sameStoredValues(back.data, frame, info);
    if (!same) throw new CodecError('ENCODE_NOT_EXACT', `frame ${i} does not survive the round trip`);
  });
}

function basicOffsetTable(fragments: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(fragments.length * 4);
  const view = new DataView(out.buffer);
  let at = 0;
  fragments.forEach((f, i) => {
    view.setUint32(i * 4, at, true);
    at += 8 + f.length + (f.length & 1);
  });
  return out;
}

function describePixels(ds: DataSet, info: PixelInfo, frames: number): void {
  ds.set('SamplesPerPixel', 'US', info.samplesPerPixel);
  ds.set('PhotometricInterpretation', 'CS', info.photometric);
  if (info.samplesPerPixel === 3) ds.set('PlanarConfiguration', 'US', info.planarConfiguration);
  else ds.delete('PlanarConfiguration');
  if (frames > 1 || ds.has('NumberOfFrames')) ds.set('NumberOfFrames', 'IS', frames);
  // Offset tables of the old encapsulation would point into fragments that no longer exist.
  ds.delete('7FE00001');
  ds.delete('7FE00002');
}

/**
 * A new object holding `frames` (native little-endian, described by `info`, default the
 * object's own pixel description) in `target`, with the image pixel attributes set to
 * match, the file meta rebuilt and the lossy history carried over truthfully. Encoded
 * outputs are decoded again and every pixel value compared before they are returned
 * (ENCODE_NOT_EXACT otherwise). Native and RLE keep whole cells; JPEG-LS keeps the
 * Bits Stored bits only, so bits above High Bit (retired overlay planes) do not survive
 * it, and its output of a colour-by-plane image is colour-by-pixel.
 */
export async function encodeFrames(obj: DicomObject, frames: readonly Uint8Array[], target: EncodeTarget, info?: PixelInfo): Promise<DicomObject> {
  const desc = { ...(info ?? readPixelInfo(obj.dataset)), frames: frames.length };
  if (frames.length === 0 || frames.some((f) => f.length !== frameByteLength(desc))) {
    throw new CodecError('FRAME_MISMATCH', 'frames do not fit the pixel description');
  }
  const uid = TARGET_SYNTAX[target];
  // dcmjs-codecs codes colour-by-plane input as line-interleaved JPEG-LS, which DCMTK and
  // CharLS read as interleaved: the samples would be scrambled. So planes are interleaved first.
  const planar = target === 'jpeg-ls-lossless' && desc.planarConfiguration === 1;
  const input = planar ? frames.map((f) => toColorByPixel(f, desc)) : frames;
  const layout: PixelInfo = planar ? { ...desc, planarConfiguration: 0 } : desc;
  const dataset = obj.dataset.clone();
  describePixels(dataset, layout, input.length);
  carryLossyHistory(obj, dataset);
  if (target === 'explicit-le') dataset.set('PixelData', layout.bitsAllocated > 8 ? 'OW' : 'OB', concat(input));
  else {
    const fragments = await encodeFragments(input, target, layout);
    assertRoundTrip(fragments, input, uid, layout);
    dataset.set('PixelData', 'OB', { kind: 'encapsulated', offsetTable: basicOffsetTable(fragments), fragments: Object.freeze(fragments) });
  }
  return { meta: buildFileMeta(dataset, uid, obj.meta), dataset, transferSyntaxUid: uid, hasPart10Header: true };
}
