import type { KeyRing } from '../keys/key-ring';

/** The DICOM registry's root: SOP classes, transfer syntaxes, coding schemes. Never remapped. */
const REGISTRY_ROOT = '1.2.840.10008.';

export const isRegistryUid = (uid: string): boolean => uid.startsWith(REGISTRY_ROOT);

/**
 * The keyed replacement of an instance UID: HMAC-SHA256 under the 'uid' sub-key, first
 * 128 bits shaped as a version 8 (custom) UUID, written as a 2.25 UID (ISO/IEC 9834-8;
 * at most 44 characters). Same key and UID give the same result everywhere, so every
 * reference to an instance follows it; without the key nothing links back.
 */
export function remapUid(keys: KeyRing, uid: string): string {
  const h = keys.mac('uid', uid);
  h[6] = ((h[6] as number) & 0x0f) | 0x80;
  h[8] = ((h[8] as number) & 0x3f) | 0x80;
  return `2.25.${BigInt(`0x${h.subarray(0, 16).toString('hex')}`).toString()}`;
}
