import { DynamicModule, Module } from '@nestjs/common';

/** The exporter stage. (Its handlers and endpoints are added by its own issue.) */
@Module({})
export class ExporterModule {
  static forRoot(_options: { http?: boolean } = {}): DynamicModule {
    return { module: ExporterModule };
  }
}
