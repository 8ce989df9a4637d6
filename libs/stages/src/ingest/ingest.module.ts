import { DynamicModule, Module } from '@nestjs/common';
import { ImporterService } from './importer.service';
import { IngestService } from './ingest.service';
import { INGEST_OPTIONS, IngestOptions } from './ingest.options';
import { ScpService } from './scp.service';
import { StowController } from './stow.controller';

/**
 * The ingest stage: file import, C-STORE SCP and STOW-RS. It has no bus handlers: its
 * events reach the other stages through the store (and the relay, on JetStream).
 */
@Module({})
export class IngestModule {
  static forRoot(options: IngestOptions, { http = true }: { http?: boolean } = {}): DynamicModule {
    return {
      module: IngestModule,
      controllers: http ? [StowController] : [],
      providers: [{ provide: INGEST_OPTIONS, useValue: options }, IngestService, ImporterService, ScpService],
      exports: [IngestService, ImporterService, ScpService],
    };
  }
}
