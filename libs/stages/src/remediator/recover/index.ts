export * from './recover-files';
export * from './recovery.error';
