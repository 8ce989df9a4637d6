export * from './exporter.module';
