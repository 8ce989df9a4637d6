export * from './probe';
