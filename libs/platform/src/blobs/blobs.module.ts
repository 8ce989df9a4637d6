import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { GantryConfig } from '../config/config.types';
import { GANTRY_CONFIG } from '../config/gantry-config.service';
import { BlobStore } from './blob-store.port';
import { createBlobStore } from './create-blob-store';

/**
 * Provides the configured `BlobStore` (inject it by its abstract class) and closes it on
 * shutdown. Needs `ConfigModule.forRoot()`.
 */
@Global()
@Module({})
export class BlobsModule implements OnApplicationShutdown {
  constructor(@Inject(BlobStore) private readonly store: BlobStore) {}

  static forRoot(): DynamicModule {
    return {
      module: BlobsModule,
      global: true,
      providers: [
        {
          provide: BlobStore,
          useFactory: (config: GantryConfig): Promise<BlobStore> => createBlobStore(config.blobs),
          inject: [GANTRY_CONFIG],
        },
      ],
      exports: [BlobStore],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
