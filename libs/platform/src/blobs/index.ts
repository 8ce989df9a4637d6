export * from './blob-key';
export * from './blob-store-error';
export * from './blob-store.health';
export * from './blob-store.port';
export * from './blobs.module';
export * from './create-blob-store';
export * from './fs-blob-store';
export * from './s3-blob-store';
