export * from './status.module';
export * from './status.queries';
export * from './status.service';
