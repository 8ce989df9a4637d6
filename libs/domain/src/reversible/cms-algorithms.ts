import { ReversibleError } from './reversible-error';

/** Content-encryption algorithms a re-identifier must read (PS3.15 E.1.2: AES or Triple-DES, every key length). */
export const CONTENT_CIPHERS = {
  'aes-128-cbc': { oid: '2.16.840.1.101.3.4.1.2', keyLength: 16, ivLength: 16 },
  'aes-192-cbc': { oid: '2.16.840.1.101.3.4.1.22', keyLength: 24, ivLength: 16 },
  'aes-256-cbc': { oid: '2.16.840.1.101.3.4.1.42', keyLength: 32, ivLength: 16 },
  'des-ede3-cbc': { oid: '1.2.840.113549.3.7', keyLength: 24, ivLength: 8 },
} as const;
export type ContentCipherName = keyof typeof CONTENT_CIPHERS;

/** What a de-identifier may choose; Triple-DES is only ever read (it is legacy, and AES is always allowed). */
export type AesCipherName = Exclude<ContentCipherName, 'des-ede3-cbc'>;

export interface ContentCipher {
  readonly name: ContentCipherName;
  readonly oid: string;
  readonly keyLength: number;
  readonly ivLength: number;
}

export function contentCipherByOid(oid: string): ContentCipher {
  for (const [name, c] of Object.entries(CONTENT_CIPHERS)) {
    if (c.oid === oid) return { name: name as ContentCipherName, ...c };
  }
  throw new ReversibleError('UNSUPPORTED_ALGORITHM', `content encryption ${oid} is not supported`);
}

export const contentCipher = (name: ContentCipherName): ContentCipher => ({ name, ...CONTENT_CIPHERS[name] });

/** RSA key transport (RFC 3370 4.2.1 and RFC 3560). */
export const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
export const OID_RSAES_OAEP = '1.2.840.113549.1.1.7';
export const OID_MGF1 = '1.2.840.113549.1.1.8';
export const OID_P_SPECIFIED = '1.2.840.113549.1.1.9';

/** OAEP hash functions, by OID, as node:crypto names them. */
export const OAEP_HASHES: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
export const OID_SHA256 = '2.16.840.1.101.3.4.2.1';

/** How the content-encryption key reaches the recipient. */
export type KeyTransport = 'rsa-pkcs1-v1_5' | 'rsa-oaep-sha256';
