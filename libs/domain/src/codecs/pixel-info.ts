import type { DataSet } from '../dicom/data-set';
import { CodecError } from './codec-error';

/** Photometric interpretations whose frames Gantry can hold and redact. */
export const SUPPORTED_PHOTOMETRICS = ['MONOCHROME1', 'MONOCHROME2', 'PALETTE COLOR', 'RGB', 'YBR_FULL', 'YBR_FULL_422'] as const;
export type SupportedPhotometric = (typeof SUPPORTED_PHOTOMETRICS)[number];

/**
 * J2K's colour transforms: OpenJPEG undoes them while decoding, so such frames come
 * out as RGB. They are accepted here only so that the J2K decoder can see them.
 */
const J2K_ONLY = new Set(['YBR_ICT', 'YBR_RCT']);

/** The Image Pixel module of an image, validated: what one frame looks like in memory. */
export interface PixelInfo {
  readonly rows: number;
  readonly columns: number;
  readonly samplesPerPixel: 1 | 3;
  readonly bitsAllocated: 8 | 16 | 32;
  readonly bitsStored: number;
  readonly highBit: number;
  readonly pixelRepresentation: 0 | 1;
  readonly photometric: string;
  /** 0 colour-by-pixel, 1 colour-by-plane; always 0 for one sample per pixel. */
  readonly planarConfiguration: 0 | 1;
  readonly frames: number;
}

const bad = (detail: string): never => {
  throw new CodecError('INVALID_PIXEL_MODULE', detail);
};
const unsupported = (detail: string): never => {
  throw new CodecError('UNSUPPORTED_PIXEL_FORMAT', detail);
};

function required(ds: DataSet, keyword: string): number {
  const n = ds.number(keyword);
  if (n === undefined || !Number.isInteger(n)) return bad(`${keyword} is missing or not an integer`);
  return n;
}

/** Number of Frames is IS text; anything but a positive integer is refused, not guessed. */
function frameCount(ds: DataSet): number {
  if (!ds.has('NumberOfFrames')) return 1;
  const text = ds.string('NumberOfFrames') ?? '';
  if (!/^\s*\+?\d+\s*$/.test(text)) return bad('NumberOfFrames is not an integer');
  const n = Number(text);
  return n >= 1 ? n : bad('NumberOfFrames must be at least 1');
}

function checkPhotometric(photometric: string, spp: number): void {
  const known = (SUPPORTED_PHOTOMETRICS as readonly string[]).includes(photometric) || J2K_ONLY.has(photometric);
  if (!known) unsupported('PhotometricInterpretation is not supported');
  const mono = photometric.startsWith('MONOCHROME') || photometric === 'PALETTE COLOR';
  if (mono !== (spp === 1)) bad('SamplesPerPixel does not fit PhotometricInterpretation');
}

/** Read and check the pixel description of a dataset (the top-level Image Pixel module). */
export function readPixelInfo(ds: DataSet): PixelInfo {
  const rows = required(ds, 'Rows');
  const columns = required(ds, 'Columns');
  const spp = required(ds, 'SamplesPerPixel');
  const ba = required(ds, 'BitsAllocated');
  const bs = required(ds, 'BitsStored');
  const hb = required(ds, 'HighBit');
  const pr = ds.number('PixelRepresentation') ?? 0;
  const photometric = (ds.string('PhotometricInterpretation') ?? '').toUpperCase();
  if (rows < 1 || columns < 1) bad('Rows and Columns must be positive');
  if (ba !== 8 && ba !== 16 && ba !== 32) unsupported('BitsAllocated must be 8, 16 or 32');
  if (bs < 1 || bs > ba || hb < bs - 1 || hb >= ba) bad('BitsStored and HighBit do not fit BitsAllocated');
  if (pr !== 0 && pr !== 1) bad('PixelRepresentation must be 0 or 1');
  if (spp !== 1 && spp !== 3) unsupported('SamplesPerPixel must be 1 or 3');
  checkPhotometric(photometric, spp);
  const pc = spp === 3 ? (ds.number('PlanarConfiguration') ?? 0) : 0;
  if (pc !== 0 && pc !== 1) bad('PlanarConfiguration must be 0 or 1');
  if (photometric === 'YBR_FULL_422' && (columns % 2 !== 0 || pc !== 0)) bad('YBR_FULL_422 needs even Columns and PlanarConfiguration 0');
  return {
    rows,
    columns,
    samplesPerPixel: spp as 1 | 3,
    bitsAllocated: ba as 8 | 16 | 32,
    bitsStored: bs,
    highBit: hb,
    pixelRepresentation: pr as 0 | 1,
    photometric,
    planarConfiguration: pc as 0 | 1,
    frames: frameCount(ds),
  };
}

/** Bytes of one native frame; YBR_FULL_422 keeps one chroma pair per two pixels (PS3.3 C.7.6.3.1.2). */
export function frameByteLength(info: PixelInfo): number {
  const samples = info.photometric === 'YBR_FULL_422' ? 2 : info.samplesPerPixel;
  return info.rows * info.columns * samples * (info.bitsAllocated / 8);
}
