export * from './catalog-entry';
export * from './catalog.queries';
export * from './catalog.service';
export * from './indexer.handler';
export * from './indexer.module';
export * from './catalog-identity';
export * from './catalog-read.module';
