import { Command } from 'commander';
import { PipelineStatus, StatusService } from '@gantry/stages';
import { configFor, GlobalOptions } from '../global-options';
import { printJson, printLines } from '../output';
import { ClusterLag, clusterLag } from '../cluster';
import { withPipeline } from '../pipeline';

/** `gantry status`: counts per stage and outcome from the event store, reconciled per import batch. */
export function statusCommand(program: Command): void {
  program
    .command('status')
    .description('counts per stage and outcome; shows that every input is accounted for')
    .action(async (_o: GlobalOptions, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      const config = configFor(options);
      const status = await withPipeline(config, (p) => p.get(StatusService).status(), { consume: false });
      // On a cluster the store says what happened; JetStream says what is still queued per stage.
      const cluster = config.bus.kind === 'jetstream' ? await clusterLag(config, config.bus) : null;
      if (options.json) printJson(cluster ? { ...status, cluster } : status);
      else printLines([...describe(status), ...(cluster ? describeCluster(cluster) : [])]);
    });
}

function describe(s: PipelineStatus): string[] {
  const i = s.inputs;
  return [
    `inputs      ${i.received} received (${i.filesFound} files found by imports): ${i.ingested} ingested, ${i.rejected} rejected, ${i.duplicates} duplicates`,
    `accounted   ${i.accountedFor ? 'yes: every imported file has exactly one outcome' : `NO: ${i.unreconciledBatches.length} import batch(es) do not reconcile`}`,
    ...Object.entries(s.rejections).map(([reason, n]) => `rejected    ${reason} ${n}`),
    ...Object.entries(s.stages).map(([stage, counts]) => `${stage.padEnd(11)} ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}`),
    ...Object.entries(s.deadLetters).map(([consumer, n]) => `dead letter ${consumer} ${n}`),
  ];
}

function describeCluster(c: ClusterLag): string[] {
  return c.consumers.map((s) =>
    s.exists
      ? `lag         ${s.stage}/${s.consumer} ${s.lag} (pending ${s.pending}, unacknowledged ${s.ackPending}, redelivered ${s.redelivered}) on ${c.stream}`
      : `lag         ${s.stage}/${s.consumer} no consumer on ${c.stream} yet (no ${s.stage} service has started)`,
  );
}
