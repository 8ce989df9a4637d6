export * from './scaffold-types';
export * from './scaffold.service';
