export * from './exporter.module';
export * from './exporter.handler';
export * from './export.service';
export * from './export-check.service';
export * from './export-run.service';
export * from './export-outcomes';
export * from './manifest.service';
export * from './report/compliance-report.service';
