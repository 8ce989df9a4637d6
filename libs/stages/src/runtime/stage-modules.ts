import { DynamicModule } from '@nestjs/common';
import { GantryConfig } from '@gantry/platform';
import { ExporterModule } from '../exporter';
import { IndexerModule } from '../indexer';
import { IngestModule } from '../ingest';
import { InspectorModule } from '../inspector';
import { RedactorModule } from '../redactor';
import { RemediatorModule } from '../remediator';
import { StageName } from './stage-names';

export interface StageModuleOptions {
  /** Serve the stage's HTTP endpoints (STOW-RS, catalog). The CLI runs without them. */
  http: boolean;
  /** Start the C-STORE SCP (ingest). */
  scp: boolean;
}

/** The Nest module of each stage; the same modules run in the services and in the CLI. */
export function stageModule(stage: StageName, config: GantryConfig, options: StageModuleOptions): DynamicModule {
  switch (stage) {
    case 'ingest':
      return IngestModule.forRoot(
        {
          aeTitle: config.ingest.aeTitle,
          importConcurrency: Math.max(1, config.delivery.concurrency),
          ...(options.scp ? { scpPort: config.ingest.scpPort } : {}),
        },
        { http: options.http },
      );
    case 'indexer':
      return IndexerModule.forRoot({ http: options.http });
    case 'inspector':
      return InspectorModule.forRoot({ http: options.http });
    case 'remediator':
      return RemediatorModule.forRoot({ http: options.http });
    case 'redactor':
      return RedactorModule.forRoot({ http: options.http });
    case 'exporter':
      return ExporterModule.forRoot({ http: options.http });
  }
}

export function stageModules(stages: readonly StageName[], config: GantryConfig, options: StageModuleOptions): DynamicModule[] {
  return stages.map((s) => stageModule(s, config, options));
}
