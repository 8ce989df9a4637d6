import { constants, privateDecrypt, publicEncrypt, type KeyObject } from 'node:crypto';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { OID_RSA_ENCRYPTION, OID_RSAES_OAEP, type KeyTransport } from './cms-algorithms';
import { oaepSettings, oaepSha256Params } from './oaep-params';
import { removePkcs1Type2Padding } from './pkcs1-padding';
import { ReversibleError } from './reversible-error';

/** DER NULL: rsaEncryption carries explicit NULL parameters (RFC 3370 4.2.1), as OpenSSL and GDCM write. */
const DER_NULL = new Uint8Array([0x05, 0x00]).buffer;

export interface WrappedKey {
  readonly algorithm: AlgorithmIdentifier;
  readonly encryptedKey: Uint8Array;
}

/** Encrypt the content-encryption key to the recipient's RSA public key. */
export function wrapContentKey(publicKey: KeyObject, cek: Uint8Array, transport: KeyTransport): WrappedKey {
  if (transport === 'rsa-oaep-sha256') {
    const encryptedKey = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, cek);
    return { algorithm: new AlgorithmIdentifier({ algorithm: OID_RSAES_OAEP, parameters: oaepSha256Params() }), encryptedKey };
  }
  // PKCS #1 v1.5 is what PS3.15 (via RFC 3370) names and every re-identifier reads.
  const encryptedKey = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, cek);
  return { algorithm: new AlgorithmIdentifier({ algorithm: OID_RSA_ENCRYPTION, parameters: DER_NULL }), encryptedKey };
}

const modulusBytes = (key: KeyObject): number => Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);

/** RSA input must be exactly the modulus length; some encoders drop leading zero bytes. */
function fullLength(c: Uint8Array, k: number): Uint8Array {
  if (c.length > k || c.length === 0) throw new ReversibleError('DECRYPTION_FAILED', 'encrypted key does not fit this RSA key');
  if (c.length === k) return c;
  const out = new Uint8Array(k);
  out.set(c, k - c.length);
  return out;
}

function rsaRaw(privateKey: KeyObject, c: Uint8Array): Uint8Array {
  try {
    return privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, c);
  } catch (e) {
    throw new ReversibleError('DECRYPTION_FAILED', 'RSA decryption failed', { cause: e });
  }
}

function unwrapOaep(privateKey: KeyObject, parameters: ArrayBuffer | null | undefined, c: Uint8Array): Uint8Array {
  const { hash, label } = oaepSettings(parameters);
  try {
    const options = { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash };
    return privateDecrypt(label.length > 0 ? { ...options, oaepLabel: label } : options, c);
  } catch (e) {
    throw new ReversibleError('DECRYPTION_FAILED', 'RSA-OAEP decryption failed', { cause: e });
  }
}

/**
 * Decrypt a KeyTransRecipientInfo's encrypted key. PKCS #1 v1.5 goes through a raw RSA
 * operation and our own unpadding because Node 20 refuses RSA_PKCS1_PADDING for private
 * decryption (see removePkcs1Type2Padding); OAEP is safe in Node and used directly.
 */
export function unwrapContentKey(privateKey: KeyObject, algorithm: AlgorithmIdentifier, encryptedKey: Uint8Array): Uint8Array {
  const k = modulusBytes(privateKey);
  const c = fullLength(encryptedKey, k);
  if (algorithm.algorithm === OID_RSAES_OAEP) return unwrapOaep(privateKey, algorithm.parameters, c);
  if (algorithm.algorithm !== OID_RSA_ENCRYPTION) {
    throw new ReversibleError('UNSUPPORTED_ALGORITHM', `key transport ${algorithm.algorithm} is not supported`);
  }
  return removePkcs1Type2Padding(rsaRaw(privateKey, c), k);
}
