export * from './types';
export * from './confidentiality';
export * from './sop-classes';
export * from './safe-private';
export * from './modules';
export * from './attribute-type';
