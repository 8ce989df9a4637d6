export * from './gantry-error';
