export * from './reversible-error';
export { encryptOriginalAttributes, type EncryptOriginalOptions } from './encrypt-original-attributes';
export { recoverOriginalAttributes } from './recover-original-attributes';
export type { OriginalElement } from './modified-attributes';
export type { AesCipherName, ContentCipherName, KeyTransport } from './cms-algorithms';
