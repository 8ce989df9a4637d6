export * from './remediator.module';
export * from './remediator.handler';
export * from './remediation.service';
export * from './pseudonym-map';
export * from './recover';
