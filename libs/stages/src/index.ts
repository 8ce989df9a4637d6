export * from './indexer';
export * from './ingest';
export * from './runtime';
export * from './status';
