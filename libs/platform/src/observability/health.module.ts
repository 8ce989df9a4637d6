import { DynamicModule, FactoryProvider, Module, ModuleMetadata, Provider } from '@nestjs/common';
import { HEALTH_CHECKS, HEALTH_OPTIONS, HealthCheck, HealthOptions } from './health-check';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

export interface HealthModuleOptions extends Partial<HealthOptions> {
  /** Modules whose providers the checks factory injects. */
  imports?: ModuleMetadata['imports'];
  /** The app's checks: a list, or a factory over injected adapters. */
  checks?: HealthCheck[] | Omit<FactoryProvider<HealthCheck[] | Promise<HealthCheck[]>>, 'provide'>;
}

/**
 * `GET /health/live` and `GET /health/ready`. Each app registers what it has:
 * `HealthModule.forRoot({ imports: [Db], checks: { useFactory: (db) => [pgCheck(db)], inject: [Db] } })`,
 * or calls `HealthService.register()` from its own module.
 */
@Module({})
export class HealthModule {
  static forRoot(options: HealthModuleOptions = {}): DynamicModule {
    const providers: Provider[] = [HealthService, { provide: HEALTH_OPTIONS, useValue: { timeoutMs: options.timeoutMs ?? 2_000 } }];
    if (Array.isArray(options.checks)) providers.push({ provide: HEALTH_CHECKS, useValue: options.checks });
    else if (options.checks) providers.push({ provide: HEALTH_CHECKS, ...options.checks });
    return {
      module: HealthModule,
      imports: options.imports ?? [],
      providers,
      controllers: [HealthController],
      exports: [HealthService],
    };
  }
}
