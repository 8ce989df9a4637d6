export * from './merge-rule-set';
export * from './rule-set.service';
