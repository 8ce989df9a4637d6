import { SAFE_PRIVATE_DATA } from './data';
import type { SafePrivateEntry } from './types';

/*
 * The Retain Safe Private Option list (CTP's code="K" elements). A private element is
 * identified by its creator, its group and the low byte of its element: the block
 * (gggg,xx00-xxFF) moves with the creator's reservation (PS3.5 7.8.1), the byte does not.
 */

let index: Map<string, SafePrivateEntry> | undefined;

const keyOf = (creator: string, group: number, elementByte: number): string =>
  `${creator}\u0000${group.toString(16).toUpperCase().padStart(4, '0')}${elementByte.toString(16).toUpperCase().padStart(2, '0')}`;

function lookup(): Map<string, SafePrivateEntry> {
  index ??= new Map(
    SAFE_PRIVATE_DATA.entries.map((e) => [
      keyOf(e.creator, parseInt(e.group, 16), parseInt(e.element, 16)),
      e,
    ]),
  );
  return index;
}

/**
 * The safe-list entry for a private element, if any. `creator` is the Private Creator
 * value; its LO padding (leading/trailing spaces) is ignored, its case is not.
 * `elementByte` is the element number's low byte (0x00-0xFF), e.g. 0x10 for (0019,1010).
 */
export function safePrivateEntry(creator: string, group: number, elementByte: number): SafePrivateEntry | undefined {
  if (!Number.isInteger(group) || !Number.isInteger(elementByte) || elementByte < 0 || elementByte > 0xff) return undefined;
  if ((group & 1) === 0) return undefined;
  return lookup().get(keyOf(creator.trim(), group, elementByte));
}

export const isSafePrivate = (creator: string, group: number, elementByte: number): boolean =>
  safePrivateEntry(creator, group, elementByte) !== undefined;

/** Every safe-list entry, sorted by creator, group, element. */
export const safePrivateEntries = (): readonly SafePrivateEntry[] => SAFE_PRIVATE_DATA.entries;
