import { SOP_CLASSES_DATA } from './data';
import type { SopClassEntry } from './types';

/*
 * SOP Class UID lookups over PS3.4's table. The data file is keyed by UID already, so no
 * index is built; Object.hasOwn keeps '__proto__' and friends from looking like UIDs.
 */

/** The PS3.4 entry for a SOP Class UID: its name and the IOD it uses. */
export function sopClass(uid: string): SopClassEntry | undefined {
  const table = SOP_CLASSES_DATA.sopClasses;
  return Object.hasOwn(table, uid) ? table[uid] : undefined;
}

/** 'CT Image Storage' for '1.2.840.10008.5.1.4.1.1.2'. */
export const sopClassName = (uid: string): string | undefined => sopClass(uid)?.name;

/** The IOD a SOP class uses ('CT Image'), the key `attributeType` and the validator take. */
export const iodForSopClass = (uid: string): string | undefined => sopClass(uid)?.iod;
