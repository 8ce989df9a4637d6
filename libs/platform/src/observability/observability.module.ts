import { DynamicModule, Global, Module } from '@nestjs/common';
import type { GantryConfig } from '../config/config.types';
import { GANTRY_CONFIG } from '../config/gantry-config.service';
import { GantryLogger } from './gantry-logger';
import { HealthModule, HealthModuleOptions } from './health.module';
import { LoggerOptions } from './create-logger';
import { MetricsModule } from './metrics.module';

export interface ObservabilityOptions {
  service: string;
  stage: string;
  /** Logger settings; default from `GantryConfig.log` when `ConfigModule` is loaded, else info to stdout. */
  log?: Omit<LoggerOptions, 'service' | 'stage'>;
  health?: HealthModuleOptions;
}

/**
 * Logger, metrics (`GET /metrics`) and health (`GET /health/live|ready`) for one app.
 * Global, so every module can inject `GantryLogger` and `MetricsService`. Boot with
 * `NestFactory.create(AppModule, { bufferLogs: true })`, then
 * `app.useLogger(app.get(GantryLogger))` and `enableGracefulShutdown(app)`.
 */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(options: ObservabilityOptions): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      imports: [MetricsModule, HealthModule.forRoot(options.health)],
      providers: [
        {
          provide: GantryLogger,
          useFactory: (config: GantryConfig | undefined): GantryLogger =>
            GantryLogger.create({ ...(options.log ?? config?.log ?? {}), service: options.service, stage: options.stage }),
          inject: [{ token: GANTRY_CONFIG, optional: true }],
        },
      ],
      exports: [GantryLogger, MetricsModule, HealthModule],
    };
  }
}
