export * from './config-error';
export * from './config.module';
export * from './config.types';
export * from './env-reader';
export * from './gantry-config.service';
export * from './load-config';
