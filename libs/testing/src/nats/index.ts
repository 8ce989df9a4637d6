export * from './create-test-jetstream';
export * from './start-nats-server';
