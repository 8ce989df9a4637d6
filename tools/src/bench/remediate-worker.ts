import 'reflect-metadata';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { applyDeidentification, defaultConfig, GantryEvent, KeyRing, parseDicom, PHI_FOUND, planDeidentification, writeDicom } from '@gantry/domain';
import { Checkpoint, EventStore, loadConfig } from '@gantry/platform';
import { EmbeddedPipeline, ImporterService, RemediatorHandler } from '@gantry/stages';

type PhiFound = GantryEvent<typeof PHI_FOUND>;

const report = (seconds: number, files: number): void => {
  process.stdout.write(`${JSON.stringify({ seconds, files, maxRssKb: process.resourceUsage().maxRSS })}\n`);
};

/** Ingest, index and inspect the slices: what the remediator then consumes (not timed). */
async function prepare(dir: string): Promise<void> {
  const pipeline = await EmbeddedPipeline.start(loadConfig(process.env), { stages: ['ingest', 'indexer', 'inspector'] });
  const summary = await pipeline.get(ImporterService).importPaths([dir]);
  await pipeline.whenIdle();
  await pipeline.close();
  process.stdout.write(`${JSON.stringify({ ingested: summary.ingested })}\n`);
}

async function allPhiFound(store: EventStore): Promise<PhiFound[]> {
  const out: PhiFound[] = [];
  let after: Checkpoint | null = null;
  for (;;) {
    const batch = await store.readAll({ after, limit: 5_000, types: [PHI_FOUND] });
    for (const { event } of batch.events) if (event.type === PHI_FOUND) out.push(event);
    const next = batch.checkpoint;
    if (!next || (after && next.globalPosition === after.globalPosition && next.transactionId === after.transactionId)) return out;
    after = next;
  }
}

/**
 * The remediator's handler over every PhiFound in the store, `concurrency` at a time, as
 * the bus would run it: raw blob read, re-plan, apply, encode, pseudonym map, blob write
 * and the Remediated append. Only this loop is timed.
 */
async function remediate(): Promise<void> {
  const config = loadConfig(process.env);
  const pipeline = await EmbeddedPipeline.start(config, { stages: ['remediator'], consume: false });
  const queue = await allPhiFound(pipeline.app.get(EventStore));
  const files = queue.length;
  const handler = pipeline.get(RemediatorHandler);
  const started = process.hrtime.bigint();
  const lane = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) await handler.onPhiFound(next);
  };
  await Promise.all(Array.from({ length: config.delivery.concurrency }, lane));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await pipeline.close();
  report(seconds, files);
}

/** Read, plan, apply and write, one file at a time and nothing else: the engine's own ceiling. */
async function domain(dir: string): Promise<void> {
  const names = (await readdir(dir)).sort();
  const config = defaultConfig();
  const keys = new KeyRing(new Uint8Array(32).fill(7));
  const started = process.hrtime.bigint();
  for (const name of names) {
    const obj = parseDicom(await readFile(join(dir, name)));
    writeDicom(applyDeidentification(obj, planDeidentification(obj, config), config, keys).object);
  }
  report(Number(process.hrtime.bigint() - started) / 1e9, names.length);
}

async function main(): Promise<void> {
  const [mode, dir] = process.argv.slice(2);
  if (mode === 'prepare' && dir) return prepare(dir);
  if (mode === 'remediate') return remediate();
  if (mode === 'domain' && dir) return domain(dir);
  throw new Error('usage: remediate-worker prepare <dir> | remediate | domain <dir>');
}

main().catch((e: unknown) => {
  process.stderr.write(`remediate worker failed: ${e instanceof Error ? `${e.name}: ${e.message}` : 'unknown'}\n`);
  process.exit(1);
});
