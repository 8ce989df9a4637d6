import type { PixelInfo } from '../codecs/pixel-info';
import type { DataSet } from '../dicom/data-set';
import { paletteDarkestIndex } from './palette-darkest';
import { RedactionError } from './redaction-error';
import type { Fill } from './redaction-types';
import { storedRange } from './stored-cell';

/** YBR_FULL_422 is redacted as YBR_FULL (see toPixelGrid), with the same sample values. */
const isYbr = (info: PixelInfo): boolean => info.photometric === 'YBR_FULL' || info.photometric === 'YBR_FULL_422';

/** RGB to YBR_FULL (PS3.3 C.7.6.3.1.2), scaled to Bits Stored, rounded and clamped. */
function rgbToYbrFull([r, g, b]: readonly [number, number, number], info: PixelInfo): number[] {
  const max = 2 ** info.bitsStored - 1;
  const mid = 2 ** (info.bitsStored - 1);
  const clamp = (v: number): number => Math.min(max, Math.max(0, Math.round(v)));
  return [
    clamp(0.299 * r + 0.587 * g + 0.114 * b),
    clamp(-0.1687 * r - 0.3313 * g + 0.5 * b + mid),
    clamp(0.5 * r - 0.4187 * g - 0.0813 * b + mid),
  ];
}

/**
 * The darkest stored value: the minimum for MONOCHROME2 (the most negative when signed),
 * the maximum for MONOCHROME1 (whose high values are dark), the darkest palette entry's
 * index for PALETTE COLOR, black for RGB and YBR_FULL (Y 0, neutral chroma).
 */
function darkest(info: PixelInfo, ds: DataSet): number[] {
  const { min, max } = storedRange(info);
  switch (info.photometric) {
    case 'MONOCHROME1':
      return [max];
    case 'PALETTE COLOR':
      return [paletteDarkestIndex(ds) ?? 0];
    case 'RGB':
      return [min, min, min];
    case 'YBR_FULL':
    case 'YBR_FULL_422':
      return [0, 2 ** (info.bitsStored - 1), 2 ** (info.bitsStored - 1)];
    default:
      return [min];
  }
}

/**
 * The stored value of each sample inside a zone, from the rule's fill (see Fill) or the
 * darkest value. Give it the decoded frames' description (DecodedPixels.info), not the
 * header's: lossy YCbCr JPEG decodes to RGB. Refused (INVALID_FILL) when it does not fit the image: a triple for one
 * sample, or a value outside the stored range.
 */
export function resolveFill(info: PixelInfo, ds: DataSet, fill?: Fill): readonly number[] {
  let out: number[];
  if (fill === undefined) out = darkest(info, ds);
  else if (typeof fill === 'number') {
    const mid = 2 ** (info.bitsStored - 1);
    out = info.samplesPerPixel === 1 ? [fill] : isYbr(info) ? [fill, mid, mid] : [fill, fill, fill];
  } else {
    if (info.samplesPerPixel !== 3) throw new RedactionError('INVALID_FILL', 'an RGB fill needs a colour image');
    out = isYbr(info) ? rgbToYbrFull(fill, info) : [...fill];
  }
  const { min, max } = storedRange(info);
  if (out.some((v) => !Number.isInteger(v) || v < min || v > max)) throw new RedactionError('INVALID_FILL', 'fill value is outside the stored range');
  return out;
}
