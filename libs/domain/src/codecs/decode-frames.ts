import type { EncapsulatedPixelData } from '../dicom/element';
import type { DicomObject } from '../dicom/parse-dicom';
import { transferSyntaxInfo } from '../dicom/transfer-syntax';
import { CodecError } from './codec-error';
import { codecSyntax } from './codec-syntaxes';
import { decodeFrame } from './decode-frame';
import { encapsulatedFrames } from './frame-fragments';
import { nativeFrames } from './native-frames';
import { readPixelInfo, type PixelInfo } from './pixel-info';
import { initializeCodecs } from './wasm-codecs';

/** An image's frames as native little-endian bytes, and what they hold. */
export interface DecodedPixels {
  /** One buffer per frame; treat as read-only (native frames are views of the object). */
  readonly frames: readonly Uint8Array[];
  /**
   * The frames' description: the header's, except where decoding changed it (lossy JPEG
   * YCbCr and J2K ICT/RCT come out RGB; codecs may return colour-by-pixel samples).
   */
  readonly info: PixelInfo;
}

const sameLayout = (a: PixelInfo, b: PixelInfo): boolean =>
  a.photometric === b.photometric && a.planarConfiguration === b.planarConfiguration;

async function decodeEncapsulated(obj: DicomObject, px: EncapsulatedPixelData, info: PixelInfo): Promise<DecodedPixels> {
  const syntax = codecSyntax(obj.transferSyntaxUid);
  if (!syntax) throw new CodecError('UNSUPPORTED_TRANSFER_SYNTAX', 'no decoder for this transfer syntax');
  if (syntax.family !== 'rle' && syntax.family !== 'uncompressed') await initializeCodecs();
  const decoded = encapsulatedFrames(px, info.frames, syntax.family, obj.dataset).map((bytes) => decodeFrame(bytes, syntax, info));
  const first = decoded[0];
  if (!first) throw new CodecError('FRAME_MISMATCH', 'no frame decoded');
  if (!decoded.every((d) => sameLayout(d.info, first.info))) throw new CodecError('DECODE_FAILED', 'frames decoded to different layouts');
  return { frames: decoded.map((d) => d.data), info: first.info };
}

/**
 * Decode every frame of an image to native little-endian bytes. Native data of any
 * transfer syntax the reader handles is split (big endian swapped); encapsulated data of
 * the syntaxes in codec-syntaxes.ts is decoded (the WASM codecs load on first use).
 */
export async function decodeFrames(obj: DicomObject): Promise<DecodedPixels> {
  const el = obj.dataset.get('7FE00010');
  if (!el || el.vr === 'SQ') throw new CodecError('NO_PIXEL_DATA', 'the object has no Pixel Data');
  const info = readPixelInfo(obj.dataset);
  const value = el.value;
  if (value instanceof Uint8Array) {
    if (transferSyntaxInfo(obj.transferSyntaxUid)?.encapsulated) throw new CodecError('NO_PIXEL_DATA', 'native Pixel Data in an encapsulated syntax');
    if (info.photometric === 'YBR_ICT' || info.photometric === 'YBR_RCT') throw new CodecError('INVALID_PIXEL_MODULE', 'YBR_ICT and YBR_RCT exist only in JPEG 2000');
    return { frames: nativeFrames(el, info), info };
  }
  if (!('kind' in value) || value.kind !== 'encapsulated') throw new CodecError('NO_PIXEL_DATA', 'Pixel Data is neither native nor encapsulated');
  return decodeEncapsulated(obj, value, info);
}
