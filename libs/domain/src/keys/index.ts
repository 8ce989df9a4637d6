export * from './key-ring';
export * from './blob-keys';
