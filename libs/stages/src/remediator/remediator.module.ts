import { DynamicModule, Module } from '@nestjs/common';

/** The remediator stage. (Its handlers and endpoints are added by its own issue.) */
@Module({})
export class RemediatorModule {
  static forRoot(_options: { http?: boolean } = {}): DynamicModule {
    return { module: RemediatorModule };
  }
}
