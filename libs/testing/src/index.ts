export * from './environment';
export * from './fixtures';
export * from './nats';
export * from './postgres';
export * from './s3';
