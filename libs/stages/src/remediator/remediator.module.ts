import { DynamicModule, Inject, Module, OnModuleInit } from '@nestjs/common';
import { PseudonymMapService } from './pseudonym-map/pseudonym-map.service';
import { RemediationService } from './remediation.service';
import { RemediatorHandler } from './remediator.handler';

/** The remediator stage: the PhiFound handler and the encrypted pseudonym map it keeps. */
@Module({})
export class RemediatorModule implements OnModuleInit {
  constructor(@Inject(PseudonymMapService) private readonly map: PseudonymMapService) {}

  static forRoot(_options: { http?: boolean } = {}): DynamicModule {
    return {
      module: RemediatorModule,
      controllers: [RemediatorHandler],
      providers: [RemediationService, PseudonymMapService],
      exports: [RemediationService, PseudonymMapService],
    };
  }

  /** The map's table exists before any handler runs. */
  onModuleInit(): Promise<void> {
    return this.map.ensureSchema();
  }
}
