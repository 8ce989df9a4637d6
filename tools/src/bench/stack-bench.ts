import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { Client } from 'pg';
import { INSTANCE_EXPORTED, INSTANCE_INGESTED } from '@gantry/domain';
import { STAGES, StageName } from '@gantry/stages';
import { createTestDatabase, testNatsUrl } from '@gantry/testing';
import { gantry, RunJson } from '../e2e/support/cli';
import { startStack } from '../stack/stack';
import { writeCtSlices } from './ct-slices';
import { peakRssOf, RunFigures } from './figures';

/** Worker stages scaled in the two-replica run: the ones KEDA scales on consumer lag. */
const WORKERS: readonly StageName[] = ['indexer', 'inspector', 'remediator', 'redactor', 'exporter'];

/** Ingest-to-export latency per instance, from the event store's commit times (ms). */
async function latencies(databaseUrl: string): Promise<number[]> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ ms: number }>(
      `SELECT extract(epoch FROM (x.at - i.at)) * 1000 AS ms
         FROM (SELECT stream_id, min(recorded_at) AS at FROM events WHERE type = $1 GROUP BY stream_id) i
         JOIN (SELECT stream_id, min(recorded_at) AS at FROM events WHERE type = $2 GROUP BY stream_id) x USING (stream_id)`,
      [INSTANCE_INGESTED, INSTANCE_EXPORTED],
    );
    return rows.map((r) => Number(r.ms)).sort((a, b) => a - b);
  } finally {
    await db.end();
  }
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/**
 * `gantry run` through the distributed stack: every stage its own process on the real
 * Postgres and JetStream and an S3 server, `replicas` per worker stage. Throughput is the
 * CLI's wall time (import, then waiting for every outcome); latency is per instance from
 * its InstanceIngested to its InstanceExported commit. RSS is the sum of the services' peaks.
 */
export async function benchStack(slices: number, replicas: number): Promise<RunFigures> {
  const root = await mkdtemp(join(tmpdir(), 'gantry-bench-stack-'));
  const db = await createTestDatabase();
  const id = Math.random().toString(16).slice(2, 10);
  const stream = `BENCH_${id.toUpperCase()}`;
  const counts = Object.fromEntries(STAGES.map((s) => [s, WORKERS.includes(s) ? replicas : 1])) as Record<StageName, number>;
  const onExit = (r: { stage: string; index: number }, code: number | null): void =>
    void process.stderr.write(`bench: ${r.stage}-${r.index} exited (${String(code)})\n`);
  try {
    const input = join(root, 'ct');
    const bytes = await writeCtSlices(input, slices, `stack-${id}`);
    const stack = await startStack(
      {
        dir: join(root, 'stack'), databaseUrl: db.url, natsUrl: testNatsUrl(), stream, prefix: `b${id}`,
        s3Port: 0, bucket: 'gantry', httpPort: 0, scpPort: 0, replicas: counts, json: true,
      },
      onExit,
    );
    try {
      const started = process.hrtime.bigint();
      const res = await gantry(['run', input, '--out', join(root, 'out'), '--json'], stack.env, 3_600_000);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (res.code !== 0) throw new Error(`gantry run exited ${String(res.code)}: ${res.stderr.slice(-2000)}`);
      const summary = JSON.parse(res.stdout) as RunJson;
      if (summary.exported !== slices) throw new Error(`expected ${slices} exported, got ${summary.exported} (blocked ${summary.blocked}, held ${summary.held})`);
      const pids = Object.values(stack.pids()).filter((p): p is number => p !== undefined);
      const rss = (await Promise.all(pids.map(peakRssOf))).reduce((a, b) => a + b, 0);
      const ms = await latencies(db.url);
      return {
        scenario: `stack, ${replicas} replica(s) per worker stage, ${slices} slices`,
        files: slices, bytes, seconds, peakRssMiB: rss,
        extra: { services: stack.replicas.length, p50LatencyMs: percentile(ms, 50).toFixed(0), p99LatencyMs: percentile(ms, 99).toFixed(0) },
      };
    } finally {
      await stack.stop();
    }
  } finally {
    const nc = await connect({ servers: testNatsUrl() });
    await (await jetstreamManager(nc)).streams.delete(stream).catch(() => false);
    await nc.close();
    await db.drop();
    await rm(root, { recursive: true, force: true });
  }
}
