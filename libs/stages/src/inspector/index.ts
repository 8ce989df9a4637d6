export * from './inspector.module';
export * from './inspector.handler';
export * from './inspection.service';
export * from './phi-report';
export * from './scan';
