export * from './remediator.module';
