export * from './blobs';
export * from './bus';
export * from './config';
export * from './event-store';
export * from './keys';
export * from './observability';
export * from './sql';
export * from './platform.module';
