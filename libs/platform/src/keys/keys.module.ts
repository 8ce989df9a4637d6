import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { KeyRing } from '@gantry/domain';
import { GantryConfig } from '../config/config.types';
import { GANTRY_CONFIG } from '../config/gantry-config.service';
import { loadOrCreateKey } from './load-or-create-key';

/**
 * Provides the deployment `KeyRing` (inject it by class) from `config.keyFile`, creating
 * the key on first start. Needs `ConfigModule.forRoot()`. Logs through Nest's `Logger`,
 * so the app's logger (e.g. `GantryLogger`) receives the back-up warning.
 */
@Global()
@Module({})
export class KeysModule {
  static forRoot(): DynamicModule {
    return {
      module: KeysModule,
      global: true,
      providers: [
        {
          provide: KeyRing,
          useFactory: (config: GantryConfig): Promise<KeyRing> => loadOrCreateKey(config.keyFile, new Logger('Keys')),
          inject: [GANTRY_CONFIG],
        },
      ],
      exports: [KeyRing],
    };
  }
}
