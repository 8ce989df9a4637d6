export * from './config-error';
export * from './config-hash';
export * from './config-schema';
export * from './config-types';
export * from './default-config';
export * from './parse-config';
export * from './replacement-value';
export { resolveStandardTag } from './config-semantics';
