import { DynamicModule, Module } from '@nestjs/common';
import { CatalogReadModule } from '../indexer/catalog-read.module';
import { StatusModule } from '../status/status.module';
import { TargetRegistry } from './destinations/target-registry.service';
import { ExportCheckService } from './export-check.service';
import { ExportRunService } from './export-run.service';
import { ExportService } from './export.service';
import { ExporterHandler } from './exporter.handler';
import { ManifestService } from './manifest.service';
import { ComplianceReportService } from './report/compliance-report.service';

/**
 * The exporter stage: the Redacted handler (just-in-time check, then every configured
 * destination), and for the command line the re-export of ready instances, the run
 * outcomes, the folder manifest and the compliance report.
 */
@Module({})
export class ExporterModule {
  static forRoot(_options: { http?: boolean } = {}): DynamicModule {
    return {
      module: ExporterModule,
      imports: [CatalogReadModule, StatusModule],
      controllers: [ExporterHandler],
      providers: [ExportCheckService, ExportService, ExportRunService, ManifestService, ComplianceReportService, TargetRegistry],
      exports: [ExportService, ExportRunService, ManifestService, ComplianceReportService],
    };
  }
}
