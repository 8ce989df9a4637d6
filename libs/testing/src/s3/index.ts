export * from './docker-probe';
export * from './run-s3-server';
export * from './start-s3';
