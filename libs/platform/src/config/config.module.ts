import { DynamicModule, Global, Module } from '@nestjs/common';
import { GantryConfig } from './config.types';
import { Env } from './env-reader';
import { GANTRY_CONFIG, GantryConfigService } from './gantry-config.service';
import { ConfigOverrides, loadConfig } from './load-config';

export interface ConfigModuleOptions {
  /** A ready configuration (tests, or the CLI after applying its flags). Wins over env. */
  config?: GantryConfig;
  /** Defaults to `process.env`. */
  env?: Env;
  overrides?: ConfigOverrides;
}

/**
 * Global provider of the configuration. The environment is read once, when Nest builds
 * the module graph, so a bad variable stops the boot before any connection is opened.
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(options: ConfigModuleOptions = {}): DynamicModule {
    return {
      module: ConfigModule,
      global: true,
      providers: [
        {
          provide: GANTRY_CONFIG,
          useFactory: (): GantryConfig => options.config ?? loadConfig(options.env ?? process.env, options.overrides),
        },
        GantryConfigService,
      ],
      exports: [GANTRY_CONFIG, GantryConfigService],
    };
  }
}
