import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { CatalogService } from './catalog.service';

/**
 * Internal HTTP read API of the catalog. It returns PHI (patient names, IDs), so it is
 * served only by the indexer, inside the cluster, never on the bus.
 */
@Controller()
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get('inventory')
  inventory() {
    return this.catalog.inventory();
  }

  @Get('patients')
  patients() {
    return this.catalog.patients();
  }

  @Get('studies/:uid/series')
  async series(@Param('uid') uid: string) {
    const series = await this.catalog.seriesOfStudy(uid);
    if (!series) throw new NotFoundException('unknown study');
    return series;
  }
}
