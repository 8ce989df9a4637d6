export * from './map-cipher';
export * from './pseudonym-map-key.error';
export * from './pseudonym-map.schema';
export * from './pseudonym-map.service';
export * from './mapping-csv';
