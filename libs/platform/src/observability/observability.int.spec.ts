import { INestApplication, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { GantryError } from '@gantry/domain';
import { GantryLogger } from './gantry-logger';
import { HealthCheck, healthCheck } from './health-check';
import { HealthService } from './health.service';
import { MetricsService } from './metrics.service';
import { ObservabilityModule } from './observability.module';

/** Stands in for an adapter module (a database, a bus) whose client the checks use. */
@Injectable()
class FakeDatabase {
  up = true;
  async ping(): Promise<void> {
    if (!this.up) throw Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:5432'), { code: 'ECONNREFUSED' });
  }
}

@Module({ providers: [FakeDatabase], exports: [FakeDatabase] })
class FakeDatabaseModule {}

/** A feature module that registers its own check, as a bus adapter would. */
@Injectable()
class SelfRegistering implements OnModuleInit {
  constructor(
    private readonly health: HealthService,
    readonly metrics: MetricsService,
    readonly logger: GantryLogger,
  ) {}
  onModuleInit(): void {
    this.health.register(healthCheck('late', async () => undefined));
  }
}

@Module({ providers: [SelfRegistering] })
class FeatureModule {}

async function boot(extra: HealthCheck[] = [], features: (typeof FeatureModule)[] = []): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ...features,
      FakeDatabaseModule,
      ObservabilityModule.forRoot({
        service: 'gantry-test',
        stage: 'test',
        log: { destination: { write: () => undefined } },
        health: {
          timeoutMs: 200,
          imports: [FakeDatabaseModule],
          checks: {
            useFactory: (db: FakeDatabase) => [healthCheck('postgres', () => db.ping()), ...extra],
            inject: [FakeDatabase],
          },
        },
      }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

describe('ObservabilityModule over HTTP', () => {
  let app: INestApplication;

  afterEach(async () => {
    await app.close();
  });

  it('answers liveness and readiness when every check passes', async () => {
    app = await boot([healthCheck('blobs', async () => undefined)]);
    await request(app.getHttpServer()).get('/health/live').expect(200, { status: 'ok' });
    const ready = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({ status: 'ready', checks: { postgres: { status: 'up' }, blobs: { status: 'up' } } });
  });

  it('answers 503 with per-check status, codes only, and times out slow checks', async () => {
    const hang = healthCheck('nats', () => new Promise<void>(() => undefined));
    const broken = healthCheck('blobs', async () => {
      throw new GantryError('BLOB_STORE_UNAVAILABLE', 'blob directory is not writable');
    });
    app = await boot([hang, broken]);
    (await app.resolve(FakeDatabase)).up = false;

    const started = Date.now();
    const res = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(res.body).toEqual({
      status: 'unavailable',
      checks: {
        postgres: { status: 'down', durationMs: expect.any(Number) as unknown, error: 'ECONNREFUSED' },
        nats: { status: 'down', durationMs: expect.any(Number) as unknown, error: 'TIMEOUT' },
        blobs: { status: 'down', durationMs: expect.any(Number) as unknown, error: 'BLOB_STORE_UNAVAILABLE' },
      },
    });
    expect(JSON.stringify(res.body)).not.toContain('10.1.2.3');
    await request(app.getHttpServer()).get('/health/live').expect(200);
  });

  it('lets feature modules inject health, metrics and logger, register checks, and turns unready on shutdown', async () => {
    app = await boot([], [FeatureModule]);
    const health = app.get(HealthService);
    expect(app.get(SelfRegistering).metrics).toBe(app.get(MetricsService));
    expect(() => health.register(healthCheck('late', async () => undefined))).toThrow(/already registered/);
    await request(app.getHttpServer()).get('/health/ready').expect(200);
    health.beforeApplicationShutdown();
    const res = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(res.body).toMatchObject({ status: 'shutting-down', checks: { late: { status: 'up' }, postgres: { status: 'up' } } });
  });

  it('serves /metrics in Prometheus text format with the Gantry metrics', async () => {
    app = await boot();
    app.get(MetricsService).recordProcessed('test', 'ack');
    const res = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain;/);
    expect(res.headers['content-type']).toContain('version=0.0.4');
    for (const name of [
      'gantry_messages_processed_total',
      'gantry_messages_failed_total',
      'gantry_handler_duration_seconds',
      'gantry_in_flight',
      'gantry_relay_lag_events',
      'gantry_consumer_lag_messages',
      'gantry_held_total',
      'gantry_blocked_total',
      'process_resident_memory_bytes',
    ]) {
      expect(res.text).toContain(`# TYPE ${name} `);
    }
    expect(res.text).toContain('gantry_messages_processed_total{stage="test",outcome="ack"} 1');
  });

  it('provides the logger for app.useLogger', async () => {
    app = await boot();
    expect(app.get(GantryLogger)).toBeInstanceOf(GantryLogger);
  });
});
