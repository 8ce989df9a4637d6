export * from './event-relay';
export * from './leader-lock';
export * from './run-relay';
