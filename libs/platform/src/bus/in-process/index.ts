export * from './in-process-bus';
export * from './in-process-transport';
export * from './pending-window';
export * from './store-consumer';
