import { constants, generateKeyPairSync, publicEncrypt, X509Certificate } from 'node:crypto';
import { ContentInfo, EncryptedContent, EnvelopedData, id_data, id_envelopedData, KeyTransRecipientInfo, RecipientInfo } from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate } from '@peculiar/asn1-x509';
import { CONTENT_CIPHERS, OID_MGF1, OID_RSA_ENCRYPTION, OID_RSAES_OAEP, type ContentCipherName } from './cms-algorithms';
import { decryptEnvelope } from './cms-decrypt';
import { encryptEnvelope } from './cms-encrypt';
import { oaepSettings, RsaesOaepParams } from './oaep-params';
import { loadRecipientCertificate, loadRsaPrivateKey } from './recipient-keys';
import { ReversibleError } from './reversible-error';
import { unwrapContentKey, wrapContentKey } from './rsa-key-transport';
import { makeTestRecipient, type TestRecipient } from './testing/test-recipient';

const CONTENT = new TextEncoder().encode('Encrypted Attributes Data Set stand-in: 0123456789abcdef');
let alice: TestRecipient;
let bob: TestRecipient;

beforeAll(() => {
  alice = makeTestRecipient('alice');
  bob = makeTestRecipient('bob');
});

const envelopeOf = (der: Uint8Array): EnvelopedData => {
  const info = AsnConvert.parse(der, ContentInfo);
  expect(info.contentType).toBe(id_envelopedData);
  return AsnConvert.parse(info.content, EnvelopedData);
};
const wrap = (ed: EnvelopedData): Uint8Array =>
  new Uint8Array(AsnConvert.serialize(new ContentInfo({ contentType: id_envelopedData, content: AsnConvert.serialize(ed) })));
const firstKtri = (ed: EnvelopedData): KeyTransRecipientInfo => ed.recipientInfos[0]?.ktri as KeyTransRecipientInfo;
/** The content-encryption key of an envelope made for `r`, recovered with r's key. */
const cekOf = (ed: EnvelopedData, r: TestRecipient): Uint8Array => {
  const ktri = firstKtri(ed);
  return unwrapContentKey(loadRsaPrivateKey(r.keyPem), ktri.keyEncryptionAlgorithm, new Uint8Array(ktri.encryptedKey.buffer));
};

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ReversibleError);
    return (e as ReversibleError).code;
  }
  return undefined;
}

describe('CMS EnvelopedData', () => {
  it('lays out what GDCM writes: ContentInfo, v0, one v0 ktri by issuer and serial, rsaEncryption, AES-256-CBC', () => {
    const ed = envelopeOf(encryptEnvelope(CONTENT, alice.certPem));
    const cert = AsnConvert.parse(new X509Certificate(alice.certPem).raw, Certificate);
    const ktri = firstKtri(ed);
    expect(ed.version).toBe(0);
    expect(ed.originatorInfo).toBeUndefined();
    expect(ed.unprotectedAttrs).toBeUndefined();
    expect(ed.recipientInfos).toHaveLength(1);
    expect(ktri.version).toBe(0);
    expect(AsnConvert.serialize(ktri.rid.issuerAndSerialNumber?.issuer)).toEqual(AsnConvert.serialize(cert.tbsCertificate.issuer));
    expect(Buffer.from(ktri.rid.issuerAndSerialNumber?.serialNumber ?? new ArrayBuffer(0))).toEqual(Buffer.from(cert.tbsCertificate.serialNumber));
    expect(ktri.keyEncryptionAlgorithm.algorithm).toBe(OID_RSA_ENCRYPTION);
    // The schema reads explicit NULL parameters as null and absent ones as undefined.
    expect(ktri.keyEncryptionAlgorithm.parameters).toBeNull();
    expect(ktri.encryptedKey.byteLength).toBe(256);
    const eci = ed.encryptedContentInfo;
    expect(eci.contentType).toBe(id_data);
    expect(eci.contentEncryptionAlgorithm.algorithm).toBe(CONTENT_CIPHERS['aes-256-cbc'].oid);
    expect(AsnConvert.parse(eci.contentEncryptionAlgorithm.parameters as ArrayBuffer, OctetString).byteLength).toBe(16);
    expect((eci.encryptedContent?.value?.byteLength ?? 0) % 16).toBe(0);
    expect(cekOf(ed, alice)).toHaveLength(32);
  });

  it('uses a fresh key and IV every time', () => {
    const a = encryptEnvelope(CONTENT, alice.certPem);
    const b = encryptEnvelope(CONTENT, alice.certPem);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it.each(Object.keys(CONTENT_CIPHERS) as ContentCipherName[])('round-trips %s content encryption', (cipher) => {
    const der = encryptEnvelope(CONTENT, alice.certPem, { cipher });
    expect(envelopeOf(der).encryptedContentInfo.contentEncryptionAlgorithm.algorithm).toBe(CONTENT_CIPHERS[cipher].oid);
    expect(decryptEnvelope(der, loadRsaPrivateKey(alice.keyPem))).toEqual(CONTENT);
  });

  it('round-trips RSA-OAEP (SHA-256) key transport', () => {
    const der = encryptEnvelope(CONTENT, alice.certPem, { keyTransport: 'rsa-oaep-sha256' });
    const alg = firstKtri(envelopeOf(der)).keyEncryptionAlgorithm;
    expect(alg.algorithm).toBe(OID_RSAES_OAEP);
    expect(oaepSettings(alg.parameters)).toEqual({ hash: 'sha256', label: new Uint8Array(0) });
    expect(decryptEnvelope(der, loadRsaPrivateKey(alice.keyPem))).toEqual(CONTENT);
  });

  it('reads RSA-OAEP with default (SHA-1) parameters', () => {
    const ed = envelopeOf(encryptEnvelope(CONTENT, alice.certPem));
    const ktri = firstKtri(ed);
    const cek = cekOf(ed, alice);
    ktri.keyEncryptionAlgorithm = new AlgorithmIdentifier({ algorithm: OID_RSAES_OAEP });
    ktri.encryptedKey = new OctetString(publicEncrypt({ key: alice.certPem, padding: constants.RSA_PKCS1_OAEP_PADDING }, cek));
    expect(decryptEnvelope(wrap(ed), loadRsaPrivateKey(alice.keyPem))).toEqual(CONTENT);
  });

  it('tries every recipient, and reads a bare EnvelopedData and a PKCS #1 key', () => {
    const ed = envelopeOf(encryptEnvelope(CONTENT, alice.certPem));
    const bobCert = loadRecipientCertificate(bob.certPem);
    const wrapped = wrapContentKey(bobCert.publicKey, cekOf(ed, alice), 'rsa-pkcs1-v1_5');
    const second = new KeyTransRecipientInfo({ ...firstKtri(ed), keyEncryptionAlgorithm: wrapped.algorithm, encryptedKey: new OctetString(wrapped.encryptedKey) });
    ed.recipientInfos.push(new RecipientInfo({ ktri: second }));
    expect(decryptEnvelope(wrap(ed), loadRsaPrivateKey(bob.pkcs1KeyPem))).toEqual(CONTENT);
    expect(decryptEnvelope(new Uint8Array(AsnConvert.serialize(ed)), loadRsaPrivateKey(alice.keyPem))).toEqual(CONTENT);
  });

  it('fails with DECRYPTION_FAILED, and no content, for the wrong key', () => {
    const der = encryptEnvelope(CONTENT, alice.certPem);
    expect(codeOf(() => decryptEnvelope(der, loadRsaPrivateKey(bob.keyPem)))).toBe('DECRYPTION_FAILED');
    expect(() => decryptEnvelope(der, loadRsaPrivateKey(bob.keyPem))).toThrow(/^DECRYPTION_FAILED: no recipient of the EnvelopedData matches this private key$/);
  });

  it('fails with DECRYPTION_FAILED for ciphertext cut short', () => {
    const ed = envelopeOf(encryptEnvelope(CONTENT, alice.certPem));
    const value = ed.encryptedContentInfo.encryptedContent?.value as OctetString;
    ed.encryptedContentInfo.encryptedContent = new EncryptedContent({ value: new OctetString(new Uint8Array(value.buffer).subarray(0, value.byteLength - 5)) });
    expect(codeOf(() => decryptEnvelope(wrap(ed), loadRsaPrivateKey(alice.keyPem)))).toBe('DECRYPTION_FAILED');
  });

  it('refuses what is not EnvelopedData, and algorithms it does not know', () => {
    const key = loadRsaPrivateKey(alice.keyPem);
    expect(codeOf(() => decryptEnvelope(new Uint8Array([0x30, 0x03, 0x02, 0x01]), key))).toBe('MALFORMED_CMS');
    const signed = new ContentInfo({ contentType: '1.2.840.113549.1.7.2', content: new Uint8Array([0x05, 0x00]).buffer });
    expect(codeOf(() => decryptEnvelope(new Uint8Array(AsnConvert.serialize(signed)), key))).toBe('MALFORMED_CMS');
    const rc2 = envelopeOf(encryptEnvelope(CONTENT, alice.certPem));
    rc2.encryptedContentInfo.contentEncryptionAlgorithm.algorithm = '1.2.840.113549.3.2';
    expect(codeOf(() => decryptEnvelope(wrap(rc2), key))).toBe('UNSUPPORTED_ALGORITHM');
    const rsaPss = envelopeOf(encryptEnvelope(CONTENT, alice.certPem));
    firstKtri(rsaPss).keyEncryptionAlgorithm = new AlgorithmIdentifier({ algorithm: '1.2.840.113549.1.1.10' });
    expect(codeOf(() => decryptEnvelope(wrap(rsaPss), key))).toBe('UNSUPPORTED_ALGORITHM');
  });

  it('refuses OAEP whose MGF1 hash differs from its hash (node:crypto cannot undo it)', () => {
    const sha256 = new AlgorithmIdentifier({ algorithm: '2.16.840.1.101.3.4.2.1' });
    const sha1 = new AlgorithmIdentifier({ algorithm: '1.3.14.3.2.26' });
    const params = new RsaesOaepParams({ hashAlgorithm: sha256, maskGenAlgorithm: new AlgorithmIdentifier({ algorithm: OID_MGF1, parameters: AsnConvert.serialize(sha1) }) });
    expect(codeOf(() => oaepSettings(AsnConvert.serialize(params)))).toBe('UNSUPPORTED_ALGORITHM');
    expect(codeOf(() => oaepSettings(new Uint8Array([0x04, 0x00]).buffer))).toBe('MALFORMED_CMS');
  });

  it('refuses certificates and keys that are not RSA or not PEM', () => {
    expect(codeOf(() => encryptEnvelope(CONTENT, 'not a certificate'))).toBe('INVALID_CERTIFICATE');
    expect(codeOf(() => loadRsaPrivateKey('not a key'))).toBe('INVALID_PRIVATE_KEY');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(codeOf(() => loadRsaPrivateKey(ec))).toBe('INVALID_PRIVATE_KEY');
  });
});
