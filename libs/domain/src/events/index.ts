export * from './common.schema';
export * from './derived-id';
export * from './envelope';
export * from './instance-ingest.events';
export * from './instance-index.events';
export * from './operations.events';
export * from './registry';
