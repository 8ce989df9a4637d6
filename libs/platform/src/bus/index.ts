export * from './delivery-policy';
export * from './errors';
export * from './gantry-context';
export * from './stage-event.decorator';
export * from './subjects';
