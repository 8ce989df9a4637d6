import { createDecipheriv, type KeyObject } from 'node:crypto';
import { ContentInfo, EnvelopedData, id_envelopedData, type EncryptedContentInfo, type KeyTransRecipientInfo } from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { contentCipherByOid, type ContentCipher } from './cms-algorithms';
import { ReversibleError } from './reversible-error';
import { unwrapContentKey } from './rsa-key-transport';

/**
 * The EnvelopedData in `der`: a ContentInfo wrapping one (what RFC 5652 5 and GDCM
 * write), or a bare EnvelopedData, which some writers put in (0400,0520) instead.
 */
function envelopedData(der: Uint8Array): EnvelopedData {
  try {
    const info = AsnConvert.parse(der, ContentInfo);
    if (info.contentType !== id_envelopedData) throw new ReversibleError('MALFORMED_CMS', 'the content is not CMS EnvelopedData');
    return AsnConvert.parse(info.content, EnvelopedData);
  } catch (first) {
    if (first instanceof ReversibleError) throw first;
    try {
      return AsnConvert.parse(der, EnvelopedData);
    } catch {
      throw new ReversibleError('MALFORMED_CMS', 'the content is not DER CMS EnvelopedData', { cause: first });
    }
  }
}

function encryptedBytes(info: EncryptedContentInfo): Uint8Array {
  const ec = info.encryptedContent;
  // BER writers may split the OCTET STRING into constructed segments.
  const parts = ec?.value ? [ec.value] : (ec?.constructedValue ?? []);
  if (parts.length === 0) throw new ReversibleError('MALFORMED_CMS', 'EnvelopedData has no encrypted content');
  return Buffer.concat(parts.map((p) => new Uint8Array(p.buffer)));
}

function ivOf(info: EncryptedContentInfo, cipher: ContentCipher): Uint8Array {
  const params = info.contentEncryptionAlgorithm.parameters;
  let iv: Uint8Array | undefined;
  try {
    iv = params ? new Uint8Array(AsnConvert.parse(params, OctetString).buffer) : undefined;
  } catch (e) {
    throw new ReversibleError('MALFORMED_CMS', 'content encryption parameters do not decode', { cause: e });
  }
  if (iv?.length !== cipher.ivLength) throw new ReversibleError('MALFORMED_CMS', 'content encryption IV has the wrong length');
  return iv;
}

/**
 * Decrypt the content with one unwrapped key. A key of the wrong length (a wrong RSA key
 * whose output happened to look padded) and a bad CBC padding fail the same way.
 */
function decryptContent(ciphertext: Uint8Array, cipher: ContentCipher, iv: Uint8Array, cek: Uint8Array): Uint8Array {
  if (cek.length !== cipher.keyLength) throw new ReversibleError('DECRYPTION_FAILED', 'content-encryption key does not fit the cipher');
  try {
    const d = createDecipheriv(cipher.name, cek, iv);
    return Buffer.concat([d.update(ciphertext), d.final()]);
  } catch (e) {
    throw new ReversibleError('DECRYPTION_FAILED', 'content decryption failed', { cause: e });
  } finally {
    cek.fill(0);
  }
}

const keyTransRecipients = (ed: EnvelopedData): KeyTransRecipientInfo[] =>
  ed.recipientInfos.map((r) => r.ktri).filter((k): k is KeyTransRecipientInfo => k !== undefined);

/**
 * Decrypt DER CMS EnvelopedData with an RSA private key. Without the certificate we
 * cannot match the recipient identifier, so every KeyTransRecipientInfo is tried;
 * failures of each are alike (DECRYPTION_FAILED), so the caller learns only "not this key".
 */
export function decryptEnvelope(der: Uint8Array, privateKey: KeyObject): Uint8Array {
  const ed = envelopedData(der);
  const info = ed.encryptedContentInfo;
  const cipher = contentCipherByOid(info.contentEncryptionAlgorithm.algorithm);
  const iv = ivOf(info, cipher);
  const ciphertext = encryptedBytes(info);
  const recipients = keyTransRecipients(ed);
  if (recipients.length === 0) throw new ReversibleError('UNSUPPORTED_ALGORITHM', 'EnvelopedData has no key transport recipient');
  const errors: ReversibleError[] = [];
  for (const ktri of recipients) {
    try {
      const cek = unwrapContentKey(privateKey, ktri.keyEncryptionAlgorithm, new Uint8Array(ktri.encryptedKey.buffer));
      return decryptContent(ciphertext, cipher, iv, cek);
    } catch (e) {
      if (!(e instanceof ReversibleError)) throw e;
      errors.push(e);
    }
  }
  // A lone recipient we cannot even attempt (an algorithm we lack) says so; anything else is "not this key".
  const only = errors.length === 1 ? errors[0] : undefined;
  if (only && only.code !== 'DECRYPTION_FAILED' && only.code !== 'BAD_PADDING') throw only;
  throw new ReversibleError('DECRYPTION_FAILED', 'no recipient of the EnvelopedData matches this private key', {
    cause: only ?? new AggregateError(errors),
  });
}
