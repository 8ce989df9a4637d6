import { DynamicModule, Module } from '@nestjs/common';
import { InspectionService } from './inspection.service';
import { InspectorHandler } from './inspector.handler';
import { ScanService } from './scan/scan.service';

/**
 * The inspector stage: the PhiFound handler, and `gantry scan` (ScanService), which runs
 * the same planner over files or ingested instances without recording anything.
 */
@Module({})
export class InspectorModule {
  static forRoot(_options: { http?: boolean } = {}): DynamicModule {
    return {
      module: InspectorModule,
      controllers: [InspectorHandler],
      providers: [InspectionService, ScanService],
      exports: [InspectionService, ScanService],
    };
  }
}
