import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { CatalogService } from './catalog.service';

/**
 * The catalog for readers other than the indexer (the exporter's known-value scan, reports):
 * the read model's service without the bus handler. The schema is ensured here as well, so a
 * reader that boots before the indexer (a separate service) finds the tables.
 */
@Module({ providers: [CatalogService], exports: [CatalogService] })
export class CatalogReadModule implements OnModuleInit {
  constructor(@Inject(CatalogService) private readonly catalog: CatalogService) {}

  onModuleInit(): Promise<void> {
    return this.catalog.ensureSchema();
  }
}
