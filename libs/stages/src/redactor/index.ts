export * from './redactor.module';
