export * from './key-file-error';
export * from './keys.module';
export * from './load-or-create-key';
