export * from './sample-studies';
