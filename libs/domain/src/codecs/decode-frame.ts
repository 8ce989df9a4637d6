import { CodecError } from './codec-error';
import type { CodecSyntax } from './codec-syntaxes';
import { jpegLsIsPlanar } from './jpeg-ls-interleave';
import { frameByteLength, type PixelInfo } from './pixel-info';
import { rleDecodeFrame } from './rle-decode';
import { wasmDecode } from './wasm-codecs';

export interface DecodedFrame {
  readonly data: Uint8Array;
  /** The description of `data`, which may differ from the header's (colour space, planes). */
  readonly info: PixelInfo;
}

/**
 * Lossy JPEG colour: libjpeg converts YCbCr to RGB when the header says YBR_*; a header
 * saying RGB is trusted and the samples are returned as coded. That is what DCMTK and
 * GDCM both do (checked on pydicom's SC_jpeg_no_color_transform and
 * SC_rgb_jpeg_lossy_gdcm, where libjpeg's own guess would convert).
 */
function decodeJpeg(bytes: Uint8Array, syntax: CodecSyntax, info: PixelInfo): DecodedFrame {
  const toRgb = info.samplesPerPixel === 3 && syntax.lossy === 'always' && info.photometric !== 'RGB';
  const out = wasmDecode('jpeg', bytes, info, toRgb);
  // libjpeg upsamples subsampled chroma, so an unconverted 4:2:2 frame comes out full size.
  const photometric = toRgb ? 'RGB' : info.photometric === 'YBR_FULL_422' ? 'YBR_FULL' : info.photometric;
  return { data: out.data, info: { ...info, photometric, planarConfiguration: 0 } };
}

/** J2K: OpenJPEG undoes the ICT/RCT colour transform and always interleaves samples. */
function decodeJ2k(bytes: Uint8Array, family: 'jpeg2000' | 'htj2k', info: PixelInfo): DecodedFrame {
  if (info.samplesPerPixel === 3 && info.bitsAllocated !== 8) {
    throw new CodecError('UNSUPPORTED_PIXEL_FORMAT', 'JPEG 2000 colour frames must have 8 bits allocated');
  }
  const out = wasmDecode(family, bytes, info, false);
  const photometric = info.photometric === 'YBR_ICT' || info.photometric === 'YBR_RCT' ? 'RGB' : info.photometric;
  return { data: out.data, info: { ...info, photometric, planarConfiguration: 0 } };
}

function decodeByFamily(bytes: Uint8Array, syntax: CodecSyntax, info: PixelInfo): DecodedFrame {
  switch (syntax.family) {
    case 'uncompressed':
      // Fragments of this syntax may carry one byte of padding.
      return { data: bytes.slice(0, Math.min(bytes.length, frameByteLength(info))), info };
    case 'rle':
      return { data: rleDecodeFrame(bytes, info), info };
    case 'jpeg':
      return decodeJpeg(bytes, syntax, info);
    case 'jpeg-ls': {
      const planar = info.samplesPerPixel === 3 && jpegLsIsPlanar(bytes);
      return { data: wasmDecode('jpeg-ls', bytes, info, false).data, info: { ...info, planarConfiguration: planar ? 1 : 0 } };
    }
    default:
      return decodeJ2k(bytes, syntax.family, info);
  }
}

/** Decode one encapsulated frame to native little-endian cells, checked for size. */
export function decodeFrame(bytes: Uint8Array, syntax: CodecSyntax, info: PixelInfo): DecodedFrame {
  if (info.photometric === 'YBR_FULL_422' && syntax.family !== 'jpeg' && syntax.family !== 'uncompressed') {
    throw new CodecError('UNSUPPORTED_PIXEL_FORMAT', 'YBR_FULL_422 is only supported in lossy JPEG');
  }
  const { data, info: outInfo } = decodeByFamily(bytes, syntax, info);
  // A codestream of another size than the header's means a wrong header or codec; never crop.
  if (data.length !== frameByteLength(outInfo)) throw new CodecError('DECODE_FAILED', 'a decoded frame does not fit the pixel description');
  return { data, info: outInfo };
}
