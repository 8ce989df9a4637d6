import 'reflect-metadata';
import { createHash } from 'node:crypto';
import {
  blobKey,
  DicomObject,
  GantryEvent,
  INSTANCE_INGESTED,
  INSTANCE_REMEDIATED,
  KeyRing,
  newEvent,
  redactPixels,
  writeDicom,
} from '@gantry/domain';
import { BlobStore, EventStore, loadConfig } from '@gantry/platform';
import { ActiveConfigService, EmbeddedPipeline, instanceStream, RedactorHandler } from '@gantry/stages';
import { BENCH_ZONE, benchImage, REDACT_SCENARIOS, RedactScenario } from './redact-images';

type Remediated = GantryEvent<typeof INSTANCE_REMEDIATED>;

const report = (seconds: number, files: number, frames: number, bytes: number, rssBeforeKb = 0): void => {
  process.stdout.write(`${JSON.stringify({ seconds, files, frames, bytes, maxRssKb: process.resourceUsage().maxRSS, rssBeforeKb })}\n`);
};

/** The engine alone, in memory: decode, paint, self-check, encode, write. */
async function engine(scenario: RedactScenario, count: number): Promise<void> {
  const objects = Array.from({ length: count }, (_, n) => benchImage(scenario, n + 1));
  await redactPixels(objects[0] as DicomObject, [BENCH_ZONE], { newSopInstanceUid: '2.25.1' }); // warm-up: JIT, WASM
  let bytes = 0;
  const started = process.hrtime.bigint();
  for (const obj of objects) bytes += writeDicom((await redactPixels(obj, [BENCH_ZONE], { newSopInstanceUid: '2.25.2' })).object).length;
  report(Number(process.hrtime.bigint() - started) / 1e9, count, count * REDACT_SCENARIOS[scenario].frames, bytes);
}

/** Puts one instance where the redactor finds it: raw and remediated blobs, Ingested and Remediated events (not timed). */
async function seed(store: EventStore, blobs: BlobStore, keys: KeyRing, obj: DicomObject): Promise<Remediated> {
  const bytes = writeDicom(obj);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const key = keys.instanceKey(obj.dataset.string('SOPInstanceUID') as string);
  const [raw, remediated] = [blobKey('raw', sha256), blobKey('remediated', key)];
  await blobs.put(raw, bytes);
  await blobs.put(remediated, bytes);
  const sopClassUid = obj.dataset.string('SOPClassUID') as string;
  const ingested = newEvent({ type: INSTANCE_INGESTED, source: 'gantry/bench', subject: key, data: { key, blobKey: raw, sopClassUid, transferSyntaxUid: obj.transferSyntaxUid, size: bytes.length, sha256, source: 'file' as const } });
  const data = { key, blobKey: remediated, sha256, size: bytes.length, configVersion: 0, planHash: sha256, counts: {}, reversible: false };
  const event = newEvent({ type: INSTANCE_REMEDIATED, source: 'gantry/bench', subject: key, causedBy: ingested, data });
  await store.append(instanceStream(key), [ingested, event], { expectedVersion: 'no_stream' });
  return event;
}

/**
 * The redactor's handler over `count` Remediated instances, `concurrency` at a time as the
 * bus runs it: original header read, rule match, remediated blob read, redaction, blob
 * write and the Redacted append. Only this loop is timed.
 */
async function stage(scenario: RedactScenario, count: number): Promise<void> {
  const config = loadConfig(process.env);
  const pipeline = await EmbeddedPipeline.start(config, { stages: ['redactor'], consume: false });
  const [store, blobs, keys] = [pipeline.app.get(EventStore), pipeline.app.get(BlobStore), pipeline.get(KeyRing)];
  const model = `REDACT-${scenario.toUpperCase()}`;
  await pipeline.get(ActiveConfigService).set({ version: 1, redaction: { machines: [{ id: 'bench', match: { manufacturer: 'BENCH', model, serial: '*' }, zones: [BENCH_ZONE] }] } });
  const queue: Remediated[] = [];
  for (let n = 1; n <= count; n++) queue.push(await seed(store, blobs, keys, benchImage(scenario, n)));
  const handler = pipeline.get(RedactorHandler);
  // The embedded database and the seeding dominate the process's peak: recorded so the loop's own growth shows.
  const rssBeforeKb = process.resourceUsage().maxRSS;
  const started = process.hrtime.bigint();
  const lane = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) await handler.onRemediated(next);
  };
  await Promise.all(Array.from({ length: config.delivery.concurrency }, lane));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await pipeline.close();
  report(seconds, count, count * REDACT_SCENARIOS[scenario].frames, 0, rssBeforeKb);
}

const [mode, scenario, count] = process.argv.slice(2) as [string, RedactScenario, string];
(mode === 'engine' ? engine(scenario, Number(count)) : stage(scenario, Number(count))).catch((e: unknown) => {
  process.stderr.write(`redact worker failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
