export * from './problem';
export * from './validate-iod';
export * from './compare-problems';
