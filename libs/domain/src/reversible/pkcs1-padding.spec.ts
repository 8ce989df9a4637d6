import { constants, generateKeyPairSync, privateDecrypt, publicEncrypt } from 'node:crypto';
import { removePkcs1Type2Padding } from './pkcs1-padding';
import { ReversibleError } from './reversible-error';

const K = 64;

/** 00 02 PS 00 M with `psLength` non-zero padding bytes; the message fills the rest. */
function block(psLength: number, fill = 0xa5): Uint8Array {
  const em = new Uint8Array(K);
  em[1] = 2;
  em.fill(fill, 2, 2 + psLength);
  for (let i = 3 + psLength; i < K; i++) em[i] = i & 0xff;
  return em;
}

const badPadding = (f: () => unknown): void => {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(ReversibleError);
  expect((caught as ReversibleError).code).toBe('BAD_PADDING');
};

describe('removePkcs1Type2Padding', () => {
  it('returns the message after the first zero that follows the padding', () => {
    const em = block(20);
    expect(removePkcs1Type2Padding(em, K)).toEqual(em.slice(23));
  });

  it('accepts exactly eight padding bytes and a message holding zero bytes', () => {
    const em = block(8);
    em[15] = 0;
    em[16] = 0;
    expect(removePkcs1Type2Padding(em, K)).toEqual(em.slice(11));
  });

  it('returns an empty message when the separator is the last byte', () => {
    expect(removePkcs1Type2Padding(block(K - 3), K)).toEqual(new Uint8Array(0));
  });

  it.each([
    ['a non-zero first byte', (em: Uint8Array) => (em[0] = 1)],
    ['block type 1 (signature padding)', (em: Uint8Array) => (em[1] = 1)],
    ['block type 0', (em: Uint8Array) => (em[1] = 0)],
    ['fewer than eight padding bytes', (em: Uint8Array) => (em[9] = 0)],
    ['a zero right after the block type', (em: Uint8Array) => (em[2] = 0)],
  ])('refuses %s', (_why, spoil) => {
    const em = block(20);
    spoil(em);
    badPadding(() => removePkcs1Type2Padding(em, K));
  });

  it('refuses a block with no separator', () => {
    badPadding(() => removePkcs1Type2Padding(block(K - 2), K));
  });

  it('refuses a block that is not the modulus length, and a modulus too small to pad', () => {
    badPadding(() => removePkcs1Type2Padding(block(20).subarray(1), K));
    badPadding(() => removePkcs1Type2Padding(new Uint8Array([0, 2, 1, 1, 1, 1, 1, 1, 1, 0]), 10));
    expect(removePkcs1Type2Padding(new Uint8Array([0, 2, 1, 1, 1, 1, 1, 1, 1, 1, 0]), 11)).toEqual(new Uint8Array(0));
  });

  it('says nothing about the block in its message', () => {
    const em = block(20);
    em[1] = 0x7e;
    expect(() => removePkcs1Type2Padding(em, K)).toThrow(/^BAD_PADDING: not a valid PKCS #1 v1\.5 encryption block$/);
  });

  it('undoes the padding OpenSSL applies, after a raw RSA decryption', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    for (const length of [0, 1, 16, 32, 117]) {
      const message = new Uint8Array(length).map((_, i) => (i * 37 + 1) & 0xff);
      const c = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, message);
      const raw = privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, c);
      expect(removePkcs1Type2Padding(raw, 128)).toEqual(message);
    }
  });
});
