import { GantryConfig } from '@gantry/platform';
import { EmbeddedOptions, EmbeddedPipeline } from '@gantry/stages';
import { ensureDeploymentKey } from './key-warning';

/**
 * Runs `work` against the stage modules booted in this process and always shuts them down.
 * On the embedded default the CLI also consumes (every stage runs here); with JetStream
 * configured the services consume, and the CLI only reads and appends.
 */
export async function withPipeline<T>(
  config: GantryConfig,
  work: (pipeline: EmbeddedPipeline) => Promise<T>,
  options: EmbeddedOptions = {},
): Promise<T> {
  await ensureDeploymentKey(config.keyFile);
  const consume = options.consume ?? config.bus.kind === 'in-process';
  const pipeline = await EmbeddedPipeline.start(config, { ...options, consume });
  try {
    return await work(pipeline);
  } finally {
    await pipeline.close();
  }
}
