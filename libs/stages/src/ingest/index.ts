export * from './importer.service';
export * from './ingest-outcome';
export * from './ingest.module';
export * from './ingest.options';
export * from './ingest.service';
export * from './part10';
export * from './scp.service';
