export * from './create-test-database';
export * from './start-embedded-event-store';
