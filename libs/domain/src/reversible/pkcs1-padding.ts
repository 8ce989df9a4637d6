import { ReversibleError } from './reversible-error';

/*
 * Bit helpers over small non-negative integers (bytes and indices below 2^30) that use
 * no data-dependent branch or early exit: each returns 0 or 1.
 */
const isZero = (x: number): number => (x - 1) >>> 31;
const equals = (a: number, b: number): number => isZero(a ^ b);
const atLeast = (a: number, b: number): number => 1 ^ ((a - b) >>> 31);
const select = (bit: number, ifOne: number, ifZero: number): number => ifZero ^ ((ifOne ^ ifZero) & -bit);

/** PKCS #1 v1.5 needs at least eight bytes of non-zero padding (RFC 8017 7.2.2). */
const MIN_PADDING = 8;

/**
 * Recover the message from an RSAES-PKCS1-v1_5 encoded block EM = 00 || 02 || PS || 00 || M
 * (RFC 8017 7.2.2), given the raw RSA output (RSA_NO_PADDING) of `modulusBytes` bytes.
 *
 * Why this exists: Node 20 refuses privateDecrypt with RSA_PKCS1_PADDING (the Marvin
 * hardening of CVE-2023-46809), yet PS3.15 names RSA PKCS #1 v1.5 key transport and GDCM
 * uses it. Why it is shaped this way: Bleichenbacher and Marvin attacks need an oracle
 * that tells a valid padding from an invalid one, by error or by timing. Every byte is
 * examined and the checks are folded into one flag without branching on secret data,
 * so the only data-dependent branch is the final verdict. JavaScript gives no real
 * constant-time guarantee (the JIT, the final slice), which is acceptable here: this
 * runs in an offline recovery tool that holds the private key and answers nobody's
 * chosen ciphertexts, so there is no remote oracle to time.
 */
export function removePkcs1Type2Padding(em: Uint8Array, modulusBytes: number): Uint8Array {
  // Lengths are public (the modulus size), so these checks leak nothing.
  if (modulusBytes < 2 + MIN_PADDING + 1 || em.length !== modulusBytes) {
    throw new ReversibleError('BAD_PADDING', 'encoded block does not have the modulus length');
  }
  let good = equals(em[0] as number, 0) & equals(em[1] as number, 2);
  let separator = 0;
  let searching = 1;
  for (let i = 2; i < em.length; i++) {
    const zero = isZero(em[i] as number);
    separator = select(searching & zero, i, separator);
    searching &= zero ^ 1;
  }
  good &= searching ^ 1;
  good &= atLeast(separator, 2 + MIN_PADDING);
  if (good !== 1) throw new ReversibleError('BAD_PADDING', 'not a valid PKCS #1 v1.5 encryption block');
  return em.slice(separator + 1);
}
