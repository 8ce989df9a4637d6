import type { DataSet } from './data-set';
import { lookupTag } from './dictionary';
import type { Vr } from './vr';

/** LUT descriptors are 'US or SS' in the dictionary but their first value is always unsigned. */
const LUT_DESCRIPTORS = new Set([0x00281101, 0x00281102, 0x00281103, 0x00281111, 0x00281112, 0x00281113, 0x00283002]);

/**
 * The VR of an element read without one (implicit VR). Undefined means unknown (private
 * data, or a tag newer than the dictionary): the reader keeps it as UN bytes unless it
 * turns out to be a sequence.
 */
export function implicitVr(tag: number, ds: DataSet): Vr | undefined {
  const group = tag >>> 16;
  const element = tag & 0xffff;
  if (element === 0) return 'UL';
  if ((group & 1) === 1) return element >= 0x10 && element <= 0xff ? 'LO' : undefined;
  const entry = lookupTag(tag);
  if (entry?.ambiguous === 'xs' && !LUT_DESCRIPTORS.has(tag)) {
    // Pixel Representation precedes these tags in the same dataset; 1 means signed.
    return ds.number('00280103') === 1 ? 'SS' : 'US';
  }
  return entry?.vr;
}
