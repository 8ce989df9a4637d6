import { DynamicModule, Module } from '@nestjs/common';

/** The inspector stage. (Its handlers and endpoints are added by its own issue.) */
@Module({})
export class InspectorModule {
  static forRoot(_options: { http?: boolean } = {}): DynamicModule {
    return { module: InspectorModule };
  }
}
