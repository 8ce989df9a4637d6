import { DynamicModule, Inject, Module, OnModuleInit } from '@nestjs/common';
import { CatalogController } from './catalog.controller';
import { CatalogService } from './catalog.service';
import { IndexerHandler } from './indexer.handler';

/** The indexer stage: catalog projection (bus handler) and its read API. */
@Module({})
export class IndexerModule implements OnModuleInit {
  constructor(@Inject(CatalogService) private readonly catalog: CatalogService) {}

  static forRoot({ http = true }: { http?: boolean } = {}): DynamicModule {
    return {
      module: IndexerModule,
      controllers: [IndexerHandler, ...(http ? [CatalogController] : [])],
      providers: [CatalogService],
      exports: [CatalogService],
    };
  }

  /** The read model's tables exist before any handler runs. */
  onModuleInit(): Promise<void> {
    return this.catalog.ensureSchema();
  }
}
