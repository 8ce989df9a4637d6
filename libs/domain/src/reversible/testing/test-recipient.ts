import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  Certificate,
  Name,
  RelativeDistinguishedName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509';

/** A recipient of reversible de-identification for unit tests: an RSA key and a self-signed certificate. */
export interface TestRecipient {
  readonly certPem: string;
  readonly keyPem: string;
  /** The same key as PKCS #1 "RSA PRIVATE KEY". */
  readonly pkcs1KeyPem: string;
}

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const COMMON_NAME = '2.5.4.3';

const pem = (label: string, der: ArrayBuffer | Uint8Array): string => {
  const b64 = Buffer.from(der instanceof Uint8Array ? der : new Uint8Array(der)).toString('base64');
  return `-----BEGIN ${label}-----\n${(b64.match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${label}-----\n`;
};

const nameOf = (cn: string): Name =>
  new Name([new RelativeDistinguishedName([new AttributeTypeAndValue({ type: COMMON_NAME, value: new AttributeValue({ utf8String: cn }) })])]);

/**
 * Make a recipient without spawning openssl, so unit tests stay pure: the certificate is
 * built with the same ASN.1 schemas the code under test reads it with, and signed by
 * node:crypto. The serial has its top bit cleared so it is a positive INTEGER.
 */
export function makeTestRecipient(commonName = 'gantry-test-recipient', modulusLength = 2048): TestRecipient {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength });
  const serial = randomBytes(16);
  serial[0] = ((serial[0] as number) & 0x7f) | 0x01;
  const algorithm = new AlgorithmIdentifier({ algorithm: SHA256_WITH_RSA, parameters: null });
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: serial.buffer.slice(serial.byteOffset, serial.byteOffset + serial.byteLength),
    signature: algorithm,
    issuer: nameOf(commonName),
    subject: nameOf(commonName),
    validity: new Validity({ notBefore: new Date(Date.UTC(2024, 0, 1)), notAfter: new Date(Date.UTC(2044, 0, 1)) }),
    subjectPublicKeyInfo: AsnConvert.parse(publicKey.export({ type: 'spki', format: 'der' }), SubjectPublicKeyInfo),
  });
  const tbsDer = AsnConvert.serialize(tbs);
  const signature = sign('sha256', new Uint8Array(tbsDer), privateKey);
  const cert = new Certificate({ tbsCertificate: tbs, signatureAlgorithm: algorithm, signatureValue: new Uint8Array(signature).buffer });
  return {
    certPem: pem('CERTIFICATE', AsnConvert.serialize(cert)),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    pkcs1KeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
  };
}
