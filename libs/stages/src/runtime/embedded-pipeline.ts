import { DynamicModule, INestApplication, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  EventStore,
  GantryConfig,
  GantryLogger,
  InProcessBus,
  InProcessTransport,
  LoggerOptions,
  MetricsService,
  metricsBusObserver,
  PlatformModule,
} from '@gantry/platform';
import { CommonModule } from '../common';
import { StatusModule } from '../status';
import { deliveryPolicyOf } from './delivery-policy-of';
import { stageModules } from './stage-modules';
import { STAGES, StageName } from './stage-names';

export interface EmbeddedOptions {
  stages?: readonly StageName[];
  /** Defaults to a log file under the data dir: the CLI's stdout is for its own output. */
  log?: Omit<LoggerOptions, 'service' | 'stage'>;
  /** Start consuming events (default true). Off for read-only commands such as `inventory`. */
  consume?: boolean;
  /** Serve the stages' HTTP endpoints on an ephemeral port (tests); the CLI serves none. */
  http?: boolean;
  /** Start the C-STORE SCP (tests); the CLI starts none. */
  scp?: boolean;
}

@Module({})
class EmbeddedModule {
  static forRoot(config: GantryConfig, options: EmbeddedOptions): DynamicModule {
    const log = options.log ?? { level: config.log.level, file: config.log.file ?? `${config.dataDir}/logs/gantry.log`, stdout: false };
    return {
      module: EmbeddedModule,
      imports: [
        PlatformModule.forRoot({ config, service: 'gantry-cli', stage: 'all', log }),
        ...stageModules(options.stages ?? STAGES, config, { http: options.http ?? false, scp: options.scp ?? false }),
        StatusModule,
        CommonModule,
      ],
    };
  }
}

/**
 * Every stage in one process on the in-process bus: the `gantry` CLI's embedded mode.
 * The handlers are the same ones the services run; only the transport differs.
 */
export class EmbeddedPipeline {
  private constructor(
    readonly app: INestApplication,
    readonly bus: InProcessBus | null,
  ) {}

  static async start(config: GantryConfig, options: EmbeddedOptions = {}): Promise<EmbeddedPipeline> {
    const app = await NestFactory.create(EmbeddedModule.forRoot(config, options), { logger: false, abortOnError: false });
    app.useLogger(app.get(GantryLogger));
    let bus: InProcessBus | null = null;
    if (options.consume ?? true) {
      // The transport owns the bus: Nest closes microservices before provider shutdown
      // hooks, so consumers persist their checkpoints while the store is still open.
      const transport = new InProcessTransport({
        store: app.get(EventStore),
        policy: deliveryPolicyOf(config),
        observer: metricsBusObserver(app.get(MetricsService)),
        logger: app.get(GantryLogger),
      });
      bus = transport.bus;
      app.connectMicroservice({ strategy: transport }, { inheritAppConfig: true });
      await app.startAllMicroservices();
    }
    if (options.http) await app.listen(0, '127.0.0.1');
    else await app.init();
    return new EmbeddedPipeline(app, bus);
  }

  /** Base URL of the HTTP endpoints, when started with `http: true`. */
  async url(): Promise<string> {
    return (await this.app.getUrl()).replace('[::1]', '127.0.0.1');
  }

  get<T>(type: Type<T> | string | symbol): T {
    return this.app.get(type);
  }

  /** Resolves when every consumer has caught up with the store and nothing is in flight. */
  async whenIdle(): Promise<void> {
    await this.bus?.whenIdle();
  }

  async close(): Promise<void> {
    await this.app.close();
  }
}
