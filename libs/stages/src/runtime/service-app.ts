import { DynamicModule, INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  enableGracefulShutdown,
  EventStore,
  GantryConfig,
  GantryLogger,
  healthCheck,
  HealthService,
  InProcessTransport,
  JetStreamTransport,
  MetricsService,
  metricsBusObserver,
  PlatformModule,
  runRelay,
} from '@gantry/platform';
import { CommonModule } from '../common';
import { StatusModule } from '../status';
import { deliveryPolicyOf } from './delivery-policy-of';
import { RelayHolder } from './relay-holder';
import { stageModule } from './stage-modules';
import { StageName } from './stage-names';

@Module({})
class ServiceModule {
  static forRoot(stage: StageName, config: GantryConfig): DynamicModule {
    const module = stageModule(stage, config, { http: true, scp: true });
    return {
      module: ServiceModule,
      imports: [PlatformModule.forRoot({ config, service: `gantry-${stage}`, stage }), CommonModule, StatusModule, module],
      providers: [RelayHolder],
    };
  }
}

/**
 * Boots one stage as a service: its module on the JetStream transport (or, without NATS,
 * on the in-process transport over a shared Postgres), a relay that publishes the store
 * while it holds the leader lock, and the HTTP endpoints (health, metrics, the stage's own).
 */
export async function startService(stage: StageName, config: GantryConfig): Promise<INestApplication> {
  if (config.database.kind !== 'postgres') {
    throw new Error('a stage service needs GANTRY_DATABASE_URL: the embedded database serves one process only');
  }
  const app = await NestFactory.create(ServiceModule.forRoot(stage, config), { bufferLogs: true, abortOnError: false });
  const logger = app.get(GantryLogger);
  app.useLogger(logger);
  const store = app.get(EventStore);
  const observer = metricsBusObserver(app.get(MetricsService));
  const policy = deliveryPolicyOf(config);
  if (config.bus.kind === 'jetstream') {
    const bus = config.bus;
    const strategy = new JetStreamTransport({ store, servers: bus.servers, credsFile: bus.credsFile, stream: bus.stream, prefix: bus.subjectPrefix, policy, observer, logger });
    app.connectMicroservice({ strategy }, { inheritAppConfig: true });
    // Ready means NATS answers too: a replica cut off from JetStream takes no work and should get none.
    app.get(HealthService).register(healthCheck('nats', () => strategy.unwrap<NatsConnection>().flush()));
    app.get(RelayHolder).handle = await runRelay({
      store, servers: bus.servers, credsFile: bus.credsFile, stream: bus.stream, prefix: bus.subjectPrefix, observer,
      leader: { connection: config.database.url, name: `gantry-relay/${bus.stream}` },
    });
  } else {
    app.connectMicroservice({ strategy: new InProcessTransport({ store, policy, observer, logger }) }, { inheritAppConfig: true });
  }
  await app.startAllMicroservices();
  await app.listen(config.http.port, config.http.host);
  enableGracefulShutdown(app);
  return app;
}
