export * from './inspector.module';
