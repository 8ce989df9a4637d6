export * from './import-ctp-script';
export * from './ctp-library';
