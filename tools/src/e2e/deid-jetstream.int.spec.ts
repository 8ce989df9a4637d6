import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestEnvironment, multipartRelated, TestEnvironment } from '@gantry/testing';
import { INSTANCE_REMEDIATED, MESSAGE_DEAD_LETTERED, PHI_FOUND } from '@gantry/domain';
import { BlobStore, createBlobStore, loadConfig } from '@gantry/platform';
import { gantry } from './support/cli';
import { writePlanted } from './support/deid';
import { plantedFiles, plantedTokensIn } from './support/planted-phi';
import { eventually, freePort, ServiceProcess, spawnService, waitReady } from './support/processes';

const STAGES = ['ingest', 'indexer', 'inspector', 'remediator', 'remediator'] as const;

/**
 * The de-identification path as separate processes, one per stage and two remediator
 * replicas sharing their durable consumer, talking only through JetStream and the event
 * store, with blobs in S3: every instance stored over STOW-RS ends remediated exactly once,
 * with no planted value in the output bytes, events or any process's log, and with the
 * very bytes the embedded CLI produces from the same input and key.
 */
describe('inspector and remediator as separate processes over JetStream (real Postgres, NATS, S3)', () => {
  let env: TestEnvironment;
  let db: Client;
  let blobs: BlobStore;
  const services: ServiceProcess[] = [];
  let ingestUrl = '';
  const files = plantedFiles();

  const remediated = async () =>
    (await db.query<{ key: string; blob: string; n: string }>(
      `select data->>'key' as key, min(data->>'blobKey') as blob, count(*)::text as n from events where type = $1 group by 1 order by 1`,
      [INSTANCE_REMEDIATED],
    )).rows;

  beforeAll(async () => {
    env = await createTestEnvironment({ nats: true, s3: true });
    for (const [i, stage] of STAGES.entries()) {
      const port = await freePort();
      const service = spawnService(stage, {
        ...env.env,
        GANTRY_HTTP_PORT: String(port),
        GANTRY_SCP_PORT: String(await freePort()),
        GANTRY_LOG_FILE: join(env.dataDir, `${stage}-${i}.log`),
      });
      services.push(service);
      await waitReady(`http://127.0.0.1:${port}`, service);
      if (stage === 'ingest') ingestUrl = `http://127.0.0.1:${port}`;
    }
    db = new Client({ connectionString: env.database.url });
    await db.connect();
    blobs = await createBlobStore(loadConfig(env.env).blobs);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await db?.end();
    await blobs?.close();
    await env?.cleanup();
  }, 60_000);

  it('remediates every instance stored over STOW-RS exactly once, with two remediator replicas', async () => {
    const body = multipartRelated('deid', files.map((f) => f.bytes));
    const res = await fetch(`${ingestUrl}/studies`, { method: 'POST', headers: { 'content-type': 'multipart/related; type="application/dicom"; boundary=deid' }, body });
    expect(res.status).toBe(200);
    const rows = await eventually(async () => ((await remediated()).length === files.length ? remediated() : undefined), 60_000);
    expect(rows.map((r) => r.n)).toEqual(files.map(() => '1'));
    const counts = await db.query<{ type: string; n: string }>('select type, count(*)::text as n from events where type = any($1) group by type', [[PHI_FOUND, MESSAGE_DEAD_LETTERED]]);
    expect(Object.fromEntries(counts.rows.map((r) => [r.type, r.n]))).toEqual({ [PHI_FOUND]: String(files.length) });
  }, 90_000);

  it('writes remediated objects to S3 with none of the planted values in their bytes', async () => {
    for (const row of await remediated()) {
      const bytes = await blobs.getBytes(row.blob);
      expect({ blob: row.blob, tokens: plantedTokensIn(bytes) }).toEqual({ blob: row.blob, tokens: [] });
    }
  });

  it('produces the same bytes as the embedded CLI from the same input and deployment key', async () => {
    const root = await mkdtemp(join(tmpdir(), 'gantry-deid-same-'));
    try {
      await writePlanted(join(root, 'in'));
      const cli = await gantry(['import', join(root, 'in'), '--data', join(root, 'data'), '--key', join(env.dataDir, 'key')]);
      expect(cli.code).toBe(0);
      for (const row of await remediated()) {
        const embedded = await readFile(join(root, 'data', 'blobs', row.blob));
        expect({ blob: row.blob, same: Buffer.compare(embedded, Buffer.from(await blobs.getBytes(row.blob))) === 0 }).toEqual({ blob: row.blob, same: true });
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 120_000);

  it('keeps planted values out of every event and every process log', async () => {
    const rows = await db.query<{ doc: string }>('select data::text || metadata::text || stream_id || type as doc from events');
    const logs = (await Promise.all(STAGES.map((s, i) => readFile(join(env.dataDir, `${s}-${i}.log`), 'utf8')))).join('\n');
    expect(logs.length).toBeGreaterThan(500);
    expect(plantedTokensIn(Buffer.from(rows.rows.map((r) => r.doc).join('\n') + logs))).toEqual([]);
  });

  it('shuts every service down gracefully on SIGTERM (exit 0)', async () => {
    const codes = await Promise.all(services.splice(0).map((s) => s.stop('SIGTERM')));
    expect(codes).toEqual(STAGES.map(() => 0));
  }, 30_000);
});
