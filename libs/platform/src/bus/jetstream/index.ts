export * from './ensure-consumer';
export * from './ensure-stream';
export * from './jetstream-stage-consumer';
export * from './jetstream-transport';
export * from './nats-connection';
