import { normalizeValue, type ValueInput } from '../dicom/value-input';
import { vrKind, type Vr } from '../dicom/vr';
import { GantryError } from '../errors';

/** An override's replacement does not fit the VR of the element it replaces. */
export class ReplacementValueError extends GantryError {
  constructor(vr: Vr) {
    super('REPLACEMENT_INVALID', `the replacement value is not a valid ${vr} value`);
  }
}

/** VRs a keyed hash can be written into: text that may hold hex, and UIDs (remapped). */
const HASHABLE = new Set<Vr>(['AE', 'CS', 'LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UI', 'UT']);
export const isHashableVr = (vr: Vr): boolean => HASHABLE.has(vr);

function numbers(vr: Vr, text: string): number[] {
  const out = text.split('\\').map((s) => (s.trim() === '' ? NaN : Number(s)));
  if (out.some((n) => !Number.isFinite(n))) throw new ReplacementValueError(vr);
  return out;
}

function bigints(vr: Vr, text: string): bigint[] {
  try {
    return text.split('\\').map((s) => BigInt(s.trim()));
  } catch {
    throw new ReplacementValueError(vr);
  }
}

function input(vr: Vr, text: string): ValueInput {
  switch (vrKind(vr)) {
    case 'text':
    case 'tag':
      return text;
    case 'number':
      return numbers(vr, text);
    case 'bigint':
      return bigints(vr, text);
    default:
      throw new ReplacementValueError(vr);
  }
}

/**
 * The model's input for an override's `replace` text: text VRs take it as written
 * (a backslash separates values), binary numbers parse it; bytes and sequences cannot be
 * replaced by text. Throws ReplacementValueError when the value does not fit.
 */
export function replacementInput(tag: string, vr: Vr, text: string): ValueInput {
  const value = input(vr, text);
  try {
    normalizeValue(tag, vr, value);
  } catch {
    throw new ReplacementValueError(vr);
  }
  return value;
}
