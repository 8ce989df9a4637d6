import { Inject, Injectable } from '@nestjs/common';
import type { GantryConfig } from './config.types';

/** Injection token of the frozen `GantryConfig` object. */
export const GANTRY_CONFIG = 'GANTRY_CONFIG';

/** Typed access to the configuration for classes that prefer a service to a token. */
@Injectable()
export class GantryConfigService {
  constructor(@Inject(GANTRY_CONFIG) readonly config: GantryConfig) {}

  get<K extends keyof GantryConfig>(key: K): GantryConfig[K] {
    return this.config[key];
  }
}
