import { createCipheriv, randomBytes } from 'node:crypto';
import {
  ContentInfo,
  EncryptedContent,
  EncryptedContentInfo,
  EnvelopedData,
  id_data,
  id_envelopedData,
  IssuerAndSerialNumber,
  KeyTransRecipientInfo,
  RecipientIdentifier,
  RecipientInfo,
  RecipientInfos,
  CMSVersion,
} from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { contentCipher, type ContentCipherName, type KeyTransport } from './cms-algorithms';
import { loadRecipientCertificate, type RecipientCertificate } from './recipient-keys';
import { wrapContentKey } from './rsa-key-transport';

export interface EnvelopeOptions {
  readonly cipher?: ContentCipherName;
  readonly keyTransport?: KeyTransport;
}

function recipientInfo(cert: RecipientCertificate, cek: Uint8Array, transport: KeyTransport): RecipientInfo {
  const wrapped = wrapContentKey(cert.publicKey, cek, transport);
  const ktri = new KeyTransRecipientInfo({
    // v0 because the recipient is named by issuer and serial number (RFC 5652 6.2.1).
    version: CMSVersion.v0,
    rid: new RecipientIdentifier({ issuerAndSerialNumber: new IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }) }),
    keyEncryptionAlgorithm: wrapped.algorithm,
    encryptedKey: new OctetString(wrapped.encryptedKey),
  });
  return new RecipientInfo({ ktri });
}

/**
 * Encrypt `content` for one recipient as DER ContentInfo { envelopedData } (RFC 5652 6):
 * a fresh random content-encryption key and IV, CBC with PKCS #7 padding (RFC 5652 6.3),
 * the key sent by RSA key transport. This is the layout GDCM writes and reads.
 */
export function encryptEnvelope(content: Uint8Array, recipientCertPem: string, options: EnvelopeOptions = {}): Uint8Array {
  const cert = loadRecipientCertificate(recipientCertPem);
  const cipher = contentCipher(options.cipher ?? 'aes-256-cbc');
  const cek = randomBytes(cipher.keyLength);
  const iv = randomBytes(cipher.ivLength);
  const c = createCipheriv(cipher.name, cek, iv);
  const encrypted = Buffer.concat([c.update(content), c.final()]);
  const enveloped = new EnvelopedData({
    // v0: no originator info, no unprotected attributes, only v0 KeyTransRecipientInfo (RFC 5652 6.1).
    version: CMSVersion.v0,
    recipientInfos: new RecipientInfos([recipientInfo(cert, cek, options.keyTransport ?? 'rsa-pkcs1-v1_5')]),
    encryptedContentInfo: new EncryptedContentInfo({
      contentType: id_data,
      contentEncryptionAlgorithm: new AlgorithmIdentifier({ algorithm: cipher.oid, parameters: AsnConvert.serialize(new OctetString(iv)) }),
      encryptedContent: new EncryptedContent({ value: new OctetString(encrypted) }),
    }),
  });
  cek.fill(0);
  const info = new ContentInfo({ contentType: id_envelopedData, content: AsnConvert.serialize(enveloped) });
  return new Uint8Array(AsnConvert.serialize(info));
}
