export * from './ensure-consumer';
export * from './consumer-states';
export * from './ensure-stream';
export * from './jetstream-stage-consumer';
export * from './jetstream-transport';
export * from './message-route';
export * from './nats-connection';
export * from './replay-route';
