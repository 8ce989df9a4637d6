export * from './active-config.service';
export * from './common.module';
export * from './instance-history';
export * from './stage-output';
export * from './ingested-object';
