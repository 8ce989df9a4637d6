export * from './nats';
export * from './postgres';
export * from './s3';
