import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import type { GantryPipelineConfig } from './config-types';

/**
 * sha256 (hex) of the configuration's canonical JSON: key order and formatting of the
 * source text do not matter, any change of meaning does. Hash what parseConfig returned
 * (defaults filled in), so spelling a default out does not change the hash either.
 */
export const configHash = (config: GantryPipelineConfig): string =>
  createHash('sha256').update(canonicalJson(config)).digest('hex');
