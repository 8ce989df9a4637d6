import { Context, NativeCodecs } from 'dcmjs-codecs';
import { CodecError } from './codec-error';
import type { PixelInfo } from './pixel-info';

/** The codec families the WASM build (libjpeg-turbo, CharLS, OpenJPEG, OpenJPH) provides. */
export type WasmFamily = 'jpeg' | 'jpeg-ls' | 'jpeg2000' | 'htj2k';

let ready: Promise<void> | undefined;

/**
 * Load the WASM codecs once per process. Every decode and encode awaits this, so callers
 * never need to; a failed load is forgotten so that a later call can try again.
 */
export function initializeCodecs(): Promise<void> {
  ready ??= NativeCodecs.initializeAsync({ logCodecsInfo: false, logCodecsTrace: false }).catch((e: unknown) => {
    ready = undefined;
    throw new CodecError('DECODE_FAILED', 'the WASM codecs did not load', { cause: e });
  });
  return ready;
}

function context(info: PixelInfo, photometric: string, buffers: { encodedBuffer?: Uint8Array; decodedBuffer?: Uint8Array }): Context {
  return new Context({
    width: info.columns,
    height: info.rows,
    bitsAllocated: info.bitsAllocated,
    bitsStored: info.bitsStored,
    samplesPerPixel: info.samplesPerPixel,
    pixelRepresentation: info.pixelRepresentation,
    planarConfiguration: info.planarConfiguration,
    photometricInterpretation: photometric,
    ...buffers,
  });
}

function requireReady(): void {
  if (!NativeCodecs.isInitialized()) throw new CodecError('DECODE_FAILED', 'WASM codecs used before initializeCodecs()');
}

export interface WasmDecoded {
  readonly data: Uint8Array;
  /** The photometric interpretation the codec reports for its output. */
  readonly photometric: string;
}

/**
 * Decode one frame. `toRgb` asks libjpeg to convert YCbCr to RGB (lossy JPEG colour);
 * the codec's own message stays in the cause since it may quote stream bytes.
 */
export function wasmDecode(family: WasmFamily, encoded: Uint8Array, info: PixelInfo, toRgb: boolean): WasmDecoded {
  requireReady();
  const ctx = context(info, info.photometric, { encodedBuffer: encoded });
  try {
    const out =
      family === 'jpeg'
        ? NativeCodecs.decodeJpeg(ctx, { convertColorspaceToRgb: toRgb })
        : family === 'jpeg-ls'
          ? NativeCodecs.decodeJpegLs(ctx)
          : family === 'jpeg2000'
            ? NativeCodecs.decodeJpeg2000(ctx)
            : NativeCodecs.decodeHtJpeg2000(ctx);
    const data = out.getDecodedBuffer();
    if (!data) throw new Error('no output');
    // A copy: the codec's buffer may be a view of WASM memory that the next call reuses.
    return { data: data.slice(), photometric: out.getPhotometricInterpretation() ?? info.photometric };
  } catch (e) {
    throw new CodecError('DECODE_FAILED', `the ${family} codec could not decode a frame`, { cause: e });
  }
}

export type WasmLosslessTarget = 'jpeg-ls' | 'jpeg2000' | 'htj2k';

/**
 * Encode one native frame losslessly: JPEG-LS with NEAR = 0 (CharLS), or reversible
 * JPEG 2000 / HTJ2K (the last two make test fixtures for the decoders).
 */
export function wasmEncodeLossless(family: WasmLosslessTarget, frame: Uint8Array, info: PixelInfo): Uint8Array {
  requireReady();
  const ctx = context(info, info.photometric, { decodedBuffer: frame });
  try {
    const out =
      family === 'jpeg-ls'
        ? NativeCodecs.encodeJpegLs(ctx, { lossy: false })
        : family === 'jpeg2000'
          ? NativeCodecs.encodeJpeg2000(ctx, { lossy: false })
          : NativeCodecs.encodeHtJpeg2000(ctx, { lossy: false });
    const bytes = out.getEncodedBuffer();
    if (!bytes) throw new Error('no output');
    return bytes.slice();
  } catch (e) {
    throw new CodecError('ENCODE_FAILED', `the ${family} codec could not encode a frame`, { cause: e });
  }
}
