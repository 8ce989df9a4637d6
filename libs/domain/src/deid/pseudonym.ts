import type { KeyRing } from '../keys/key-ring';

/** RFC 4648 base32 without padding: upper case and digits only, valid in LO, PN and CS. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let acc = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  return bits > 0 ? out + (ALPHABET[(acc << (5 - bits)) & 31] as string) : out;
}

/**
 * The patient's pseudonym: prefix + base32 of the first 80 bits of HMAC('id', issuer NUL id),
 * 16 characters. The NUL keeps ('A', 'BC') and ('AB', 'C') apart; the issuer keeps equal
 * IDs of different hospitals apart.
 */
export function patientPseudonym(keys: KeyRing, prefix: string, issuer: string, id: string): string {
  return `${prefix}${base32(keys.mac('id', `${issuer}\u0000${id}`).subarray(0, 10))}`;
}

/** A keyed hash for an override: upper-case hex of HMAC('id', 'hash' NUL value), cut to `length`. */
export function keyedHash(keys: KeyRing, value: string, length: number): string {
  return keys.mac('id', `hash\u0000${value}`).toString('hex').toUpperCase().slice(0, length);
}
