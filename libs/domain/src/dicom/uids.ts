import { createHash } from 'node:crypto';

/**
 * Gantry's Implementation Class UID: a 2.25 UID (ISO/IEC 9834-8) from a fixed UUID, so it
 * needs no registered root and never changes between builds.
 */
export const GANTRY_IMPLEMENTATION_CLASS_UID = '2.25.302420999416906462497469455109115131279';
export const GANTRY_IMPLEMENTATION_VERSION_NAME = 'GANTRY_0_1';

/**
 * A deterministic 2.25 UID from any string: the first 128 bits of its SHA-256 shaped as
 * a version 8 (custom) UUID. Same input, same UID; distinct inputs collide with the
 * probability of a random UUID.
 */
export function uidFromSeed(seed: string): string {
  const h = createHash('sha256').update(seed).digest();
  h[6] = ((h[6] as number) & 0x0f) | 0x80;
  h[8] = ((h[8] as number) & 0x3f) | 0x80;
  return `2.25.${BigInt(`0x${h.subarray(0, 16).toString('hex')}`).toString()}`;
}
