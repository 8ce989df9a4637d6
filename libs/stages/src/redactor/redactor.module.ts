import { DynamicModule, Module } from '@nestjs/common';

/** The redactor stage. (Its handlers and endpoints are added by its own issue.) */
@Module({})
export class RedactorModule {
  static forRoot(_options: { http?: boolean } = {}): DynamicModule {
    return { module: RedactorModule };
  }
}
