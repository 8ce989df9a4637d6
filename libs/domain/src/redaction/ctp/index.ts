export * from './import-ctp-script';
