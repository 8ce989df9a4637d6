import type { ValidatableDataSet } from './problem';

/**
 * Whether a value counts as empty for Type 1: no values at all, or only zero-length ones.
 * Text values arrive with padding removed; a value of spaces only is treated as empty
 * too, because leading and trailing spaces are insignificant in most text VRs and a
 * blanked-out value must not pass for a kept one.
 */
export function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (value instanceof Uint8Array) return value.length === 0;
  if (Array.isArray(value)) return value.every((v: unknown) => (typeof v === 'string' ? v.trim() === '' : v == null));
  if (typeof value === 'object' && 'fragments' in value) {
    // Encapsulated Pixel Data: empty when no fragment holds a byte.
    const fragments = (value as { fragments: unknown }).fragments;
    return !Array.isArray(fragments) || fragments.every((f: unknown) => !(f instanceof Uint8Array) || f.length === 0);
  }
  return false;
}

const isDataSet = (v: unknown): v is ValidatableDataSet =>
  typeof v === 'object' && v !== null && typeof (v as { get?: unknown }).get === 'function';

/** The items of a sequence value; anything else has none. */
export function itemsOf(value: unknown): readonly ValidatableDataSet[] {
  return Array.isArray(value) ? value.filter(isDataSet) : [];
}
