export * from './list-dead-letters';
export * from './replay-binding';
export * from './request-replay';
