import 'reflect-metadata';
import { loadConfig } from '@gantry/platform';
import { EmbeddedPipeline, ImporterService, StatusService } from '@gantry/stages';

/**
 * One measured import in a fresh process (so its peak RSS is its own), driven by the
 * benchmark. Modes: `embedded` (ingest + indexer here, in-process bus) and `jetstream`
 * (ingest here; an indexer service consumes over JetStream). Prints one JSON line.
 */
async function main(): Promise<void> {
  const [mode, dir] = process.argv.slice(2);
  if (!dir || (mode !== 'embedded' && mode !== 'jetstream')) throw new Error('usage: ingest-worker embedded|jetstream <dir>');
  const config = loadConfig(process.env);
  const pipeline = await EmbeddedPipeline.start(config, {
    stages: mode === 'embedded' ? ['ingest', 'indexer'] : ['ingest'],
    consume: mode === 'embedded',
  });
  const started = process.hrtime.bigint();
  const summary = await pipeline.get(ImporterService).importPaths([dir]);
  await pipeline.whenIdle();
  if (mode === 'jetstream') await waitIndexed(pipeline.get(StatusService), summary.ingested);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await pipeline.close();
  process.stdout.write(`${JSON.stringify({ seconds, files: summary.filesFound, ingested: summary.ingested, maxRssKb: process.resourceUsage().maxRSS })}\n`);
}

/** Over JetStream the indexer runs elsewhere: the run ends when it has indexed everything. */
async function waitIndexed(status: StatusService, expected: number): Promise<void> {
  for (;;) {
    const s = await status.status();
    if ((s.stages['indexer']?.['indexed'] ?? 0) >= expected) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench worker failed: ${e instanceof Error ? `${e.name}: ${e.message}` : 'unknown'}\n`);
  process.exit(1);
});
