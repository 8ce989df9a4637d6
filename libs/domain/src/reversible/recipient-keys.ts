import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, type Name } from '@peculiar/asn1-x509';
import { ReversibleError } from './reversible-error';

/** What a KeyTransRecipientInfo needs from the recipient's certificate. */
export interface RecipientCertificate {
  readonly publicKey: KeyObject;
  readonly issuer: Name;
  readonly serialNumber: ArrayBuffer;
}

/**
 * Read an RSA recipient certificate (PEM). The issuer and serial number are taken from
 * the certificate's own DER so the recipient identifier matches it exactly, which is how
 * OpenSSL (and so GDCM) finds its RecipientInfo.
 */
export function loadRecipientCertificate(pem: string): RecipientCertificate {
  let x509: X509Certificate;
  let cert: Certificate;
  try {
    x509 = new X509Certificate(pem);
    cert = AsnConvert.parse(x509.raw, Certificate);
  } catch (e) {
    throw new ReversibleError('INVALID_CERTIFICATE', 'the recipient certificate does not parse', { cause: e });
  }
  if (x509.publicKey.asymmetricKeyType !== 'rsa') {
    throw new ReversibleError('INVALID_CERTIFICATE', 'PS3.15 key transport needs an RSA recipient certificate');
  }
  return { publicKey: x509.publicKey, issuer: cert.tbsCertificate.issuer, serialNumber: cert.tbsCertificate.serialNumber };
}

/** Read an unencrypted RSA private key (PKCS #8 or PKCS #1 PEM). */
export function loadRsaPrivateKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (e) {
    throw new ReversibleError('INVALID_PRIVATE_KEY', 'the private key does not parse', { cause: e });
  }
  if (key.asymmetricKeyType !== 'rsa') throw new ReversibleError('INVALID_PRIVATE_KEY', 'PS3.15 key transport needs an RSA private key');
  return key;
}
