import { jetstreamManager, JetStreamManager } from '@nats-io/jetstream';
import { BusConfig, connectNats, ConsumerState, consumerStates, declaredConsumers, GantryConfig } from '@gantry/platform';
import { STAGES, stageModule, StageName } from '@gantry/stages';

export type JetStreamBus = Extract<BusConfig, { kind: 'jetstream' }>;

/** Runs `work` with a JetStream manager on the configured servers; the connection is closed after. */
export async function withJetStream<T>(bus: JetStreamBus, work: (jsm: JetStreamManager) => Promise<T>): Promise<T> {
  const nc = await connectNats({ servers: bus.servers, credsFile: bus.credsFile, name: 'gantry-cli' });
  try {
    return await work(await jetstreamManager(nc));
  } finally {
    await nc.close();
  }
}

/** The durable consumers each stage's module declares (`@StageEvent`), read from the code. */
export function stageConsumers(config: GantryConfig): { stage: StageName; consumer: string }[] {
  return STAGES.flatMap((stage) =>
    declaredConsumers(stageModule(stage, config, { http: false, scp: false })).map((d) => ({ stage, consumer: d.consumer })),
  );
}

export interface ClusterLag {
  stream: string;
  consumers: (ConsumerState & { stage: StageName })[];
}

/** Per-stage lag on the cluster, from JetStream consumer info (what the KEDA scalers read). */
export async function clusterLag(config: GantryConfig, bus: JetStreamBus): Promise<ClusterLag> {
  const declared = stageConsumers(config);
  const states = await withJetStream(bus, (jsm) => consumerStates(jsm, bus.stream, declared.map((d) => d.consumer)));
  return { stream: bus.stream, consumers: states.map((s, i) => ({ ...s, stage: declared[i]?.stage ?? 'ingest' })) };
}
