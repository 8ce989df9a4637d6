export * from './data-source-sql';
export * from './sql';
export * from './run-migrations';
