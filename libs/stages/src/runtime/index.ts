export * from './delivery-policy-of';
export * from './embedded-pipeline';
export * from './service-app';
export * from './stage-modules';
export * from './stage-names';
export * from './service-main';
