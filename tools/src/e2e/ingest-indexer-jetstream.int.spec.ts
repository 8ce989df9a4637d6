import { PLANTED, TestEnvironment, createTestEnvironment, ctInstance, multipartRelated } from '@gantry/testing';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';
import { eventually, freePort, ServiceProcess, spawnService, waitReady } from './support/processes';

/**
 * Ingest and indexer as two separate processes, talking only through JetStream (and the
 * event store they share): an upload to ingest shows up in the indexer's inventory.
 */
describe('ingest and indexer as two processes over JetStream (real Postgres, NATS, S3)', () => {
  let env: TestEnvironment;
  const services: ServiceProcess[] = [];
  let ingestUrl: string;
  let indexerUrl: string;

  beforeAll(async () => {
    env = await createTestEnvironment({ nats: true, s3: true });
    const [ingestPort, indexerPort] = [await freePort(), await freePort()];
    const ingest = spawnService('ingest', { ...env.env, GANTRY_HTTP_PORT: String(ingestPort), GANTRY_SCP_PORT: String(await freePort()), GANTRY_LOG_FILE: join(env.dataDir, 'ingest.log') });
    const indexer = spawnService('indexer', { ...env.env, GANTRY_HTTP_PORT: String(indexerPort), GANTRY_LOG_FILE: join(env.dataDir, 'indexer.log') });
    services.push(ingest, indexer);
    ingestUrl = `http://127.0.0.1:${ingestPort}`;
    indexerUrl = `http://127.0.0.1:${indexerPort}`;
    await Promise.all([waitReady(ingestUrl, ingest), waitReady(indexerUrl, indexer)]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await env?.cleanup();
  }, 60_000);

  it('an instance stored through ingest is cataloged by the indexer process', async () => {
    const body = multipartRelated('e2e', [ctInstance('e2e-1', { serial: 'E2E-7', number: 1 }), ctInstance('e2e-2', { serial: 'E2E-7', number: 2 })]);
    const res = await fetch(`${ingestUrl}/studies`, { method: 'POST', headers: { 'content-type': 'multipart/related; type="application/dicom"; boundary=e2e' }, body });
    expect(res.status).toBe(200);
    const devices = await eventually(async () => {
      const inv = (await (await fetch(`${indexerUrl}/inventory`)).json()) as { serial: string; instances: number }[];
      return inv.find((d) => d.serial === 'E2E-7' && d.instances === 2) ? inv : undefined;
    });
    expect(devices).toHaveLength(1);
    const metrics = await (await fetch(`${indexerUrl}/metrics`)).text();
    expect(metrics).toMatch(/gantry_messages_processed_total\{stage="indexer",outcome="ack"\} 2/);
  }, 60_000);

  it('keeps planted identifiers out of event payloads, metadata and both services’ logs', async () => {
    const db = new Client({ connectionString: env.database.url });
    await db.connect();
    const rows = await db.query<{ doc: string }>(`select data::text || metadata::text || stream_id || type as doc from events`);
    await db.end();
    expect(rows.rows.length).toBeGreaterThanOrEqual(4);
    const logs = (await Promise.all(['ingest.log', 'indexer.log'].map((f) => readFile(join(env.dataDir, f), 'utf8')))).join('\n');
    expect(logs.length).toBeGreaterThan(100);
    const everything = rows.rows.map((r) => r.doc).join('\n') + logs;
    for (const planted of Object.values(PLANTED)) expect(everything).not.toContain(planted);
    expect(everything).not.toContain('ZZTESTPATIENT');
  });

  it('shuts both services down gracefully on SIGTERM (exit 0)', async () => {
    const codes = await Promise.all(services.splice(0).map((s) => s.stop('SIGTERM')));
    expect(codes).toEqual([0, 0]);
  }, 30_000);
});
