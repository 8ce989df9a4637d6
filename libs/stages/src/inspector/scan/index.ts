export * from './custom-rules';
export * from './element-values';
export * from './scan.service';
export * from './scan-tally';
