import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  CONFIG_CHANGED,
  decodeFrames,
  DicomBuilder,
  INSTANCE_REDACTED,
  INSTANCE_REMEDIATED,
  MESSAGE_DEAD_LETTERED,
  parseDicom,
  PixelOptions,
  REDACTION_HELD,
  resolveFill,
  verifyRedaction,
} from '@gantry/domain';
import { BlobStore, createBlobStore, loadConfig } from '@gantry/platform';
import { createTestEnvironment, multipartRelated, PLANTED, TestEnvironment } from '@gantry/testing';
import { gantry } from './support/cli';
import { PYDICOM_FILES } from './support/corpus';
import { eventually, freePort, ServiceProcess, spawnService, waitReady } from './support/processes';
import { dcmdumpErrors } from './redact-support';

const STAGES = ['ingest', 'indexer', 'inspector', 'remediator', 'redactor', 'redactor'] as const;
const ZONE = { x: 0, y: 0, width: 64, height: 6 };

const instance = (model: string, modality: 'US' | 'CT', pixels: PixelOptions): Uint8Array =>
  new DicomBuilder({ seed: `redact-js-${model}` })
    .patient({ name: PLANTED.name, id: PLANTED.id, birthDate: '19650412', sex: 'F' })
    .study({ accession: PLANTED.accession })
    .series({ modality })
    .equipment({ manufacturer: 'E2E IMAGING', model, serial: `SN-${model}` })
    .instance({})
    .pixels(pixels)
    .toBytes();

const rulesYaml = (...models: string[]): string =>
  `redaction:\n  machines:\n${models.map((m) => `    - id: e2e-${m.toLowerCase()}\n      match: { manufacturer: "E2E*", model: "${m}", serial: "*" }\n      zones: [${JSON.stringify(ZONE)}]\n`).join('')}` +
  `    - id: ot-corner\n      match: { manufacturer: "*", model: "*", serial: "*", modality: OT }\n      zones: [{ "x": 0, "y": 0, "width": 10, "height": 10 }]\n`;

interface Answer {
  key: string;
  type: string;
  data: { blobKey?: string; reason?: string; zones?: unknown[]; ruleId?: string | null; configVersion: number };
  causation: string | null;
}

/**
 * The redactor as its own processes (two replicas sharing the durable consumers) over
 * JetStream, behind ingest, indexer, inspector and remediator services, with blobs in S3:
 * every stored instance is answered exactly once, an at-risk image without a rule is held,
 * and `gantry redaction apply` of a covering rule releases it through the redactor-config
 * consumer without a re-import.
 */
describe('redactor as separate processes over JetStream (real Postgres, NATS, S3)', () => {
  let env: TestEnvironment;
  let db: Client;
  let blobs: BlobStore;
  let work: string;
  const services: ServiceProcess[] = [];
  const ports: Record<string, number[]> = {};
  let ingestUrl = '';
  const parts = [
    instance('CINE', 'US', { rows: 48, columns: 64, photometric: 'RGB', samplesPerPixel: 3, frames: 30 }),
    instance('LATER', 'US', { rows: 32, columns: 32 }),
    instance('CT-PASS', 'CT', { rows: 32, columns: 32, bitsAllocated: 16, pixelRepresentation: 1 }),
  ];

  const answers = async (): Promise<Answer[]> =>
    (await db.query<Answer>(
      `select data->>'key' as key, type, data, metadata->>'causationId' as causation from events where type = any($1) order by global_position`,
      [[INSTANCE_REDACTED, REDACTION_HELD]],
    )).rows;

  beforeAll(async () => {
    env = await createTestEnvironment({ nats: true, s3: true });
    work = await mkdtemp(join(tmpdir(), 'gantry-redact-js-'));
    await writeFile(join(work, 'v1.yaml'), `version: 1\n${rulesYaml('CINE')}`);
    expect(await gantry(['config', 'set', join(work, 'v1.yaml')], env.env)).toMatchObject({ code: 0 });
    parts.push(new Uint8Array(await readFile(join(PYDICOM_FILES, 'SC_rgb_jpeg_dcmtk.dcm'))));
    for (const [i, stage] of STAGES.entries()) {
      const port = await freePort();
      const service = spawnService(stage, { ...env.env, GANTRY_HTTP_PORT: String(port), GANTRY_SCP_PORT: String(await freePort()), GANTRY_LOG_FILE: join(env.dataDir, `${stage}-${i}.log`) });
      services.push(service);
      (ports[stage] ??= []).push(port);
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
    if (work) await rm(work, { recursive: true, force: true });
  }, 60_000);

  it('answers every stored instance exactly once, with two redactor replicas', async () => {
    const res = await fetch(`${ingestUrl}/studies`, { method: 'POST', headers: { 'content-type': 'multipart/related; type="application/dicom"; boundary=rj' }, body: multipartRelated('rj', parts) });
    expect(res.status).toBe(200);
    const rows = await eventually(async () => ((await answers()).length >= parts.length ? answers() : undefined), 90_000);
    expect(rows).toHaveLength(parts.length);
    expect(new Set(rows.map((r) => r.key)).size).toBe(parts.length);
    expect(rows.map((r) => `${r.type} ${r.type === REDACTION_HELD ? r.data.reason : r.data.ruleId}`).sort()).toEqual([
      `${REDACTION_HELD} NO_MATCHING_RULE`, `${INSTANCE_REDACTED} e2e-cine`, `${INSTANCE_REDACTED} null`, `${INSTANCE_REDACTED} ot-corner`,
    ].sort());
    const dead = await db.query('select 1 from events where type = $1', [MESSAGE_DEAD_LETTERED]);
    expect(dead.rowCount).toBe(0);
  }, 120_000);

  it('writes redacted objects whose zones are filled and whose other pixels equal the remediated ones', async () => {
    const remediated = await db.query<{ key: string; blob: string }>(`select data->>'key' as key, data->>'blobKey' as blob from events where type = $1`, [INSTANCE_REMEDIATED]);
    for (const r of (await answers()).filter((a) => a.type === INSTANCE_REDACTED && (a.data.zones?.length ?? 0) > 0)) {
      const before = parseDicom(await blobs.getBytes(remediated.rows.find((x) => x.key === r.key)?.blob as string));
      const bytes = await blobs.getBytes(r.data.blobKey as string);
      const after = parseDicom(bytes);
      const [a, b] = [await decodeFrames(before), await decodeFrames(after)];
      const zones = r.data.zones as { x: number; y: number; width: number; height: number }[];
      expect(verifyRedaction(a, b, zones, resolveFill(b.info, after.dataset))).toMatchObject({ ok: true, framesChecked: a.frames.length });
      await writeFile(join(work, `${r.key}.dcm`), bytes);
      expect(dcmdumpErrors(join(work, `${r.key}.dcm`))).toEqual({ status: 0, errors: [] });
    }
  });

  it('gantry redaction apply of a covering rule releases the held image through the redactor-config consumer', async () => {
    await writeFile(join(work, 'later.yaml'), rulesYaml('LATER'));
    const applied = await gantry(['redaction', 'apply', join(work, 'later.yaml'), '--json'], env.env);
    expect(applied).toMatchObject({ code: 0 });
    expect(JSON.parse(applied.stdout)).toMatchObject({ installed: true, version: 2 });
    const change = await db.query<{ id: string }>(`select event_id as id from events where type = $1 and (data->>'version')::int = 2`, [CONFIG_CHANGED]);
    const held = (await answers()).find((a) => a.type === REDACTION_HELD) as Answer;
    const released = await eventually(async () => (await answers()).find((a) => a.key === held.key && a.type === INSTANCE_REDACTED), 60_000);
    expect(released.data).toMatchObject({ ruleId: 'e2e-later', configVersion: 2 });
    expect(released.causation).toBe(change.rows[0]?.id);
    await new Promise((r) => setTimeout(r, 2_000));
    expect((await answers()).filter((a) => a.key === held.key && a.type === INSTANCE_REDACTED)).toHaveLength(1);
  }, 90_000);

  it('counts the hold once across replicas, and keeps planted identifiers out of events and every log', async () => {
    const counts = await Promise.all((ports['redactor'] ?? []).map(async (p) => (await (await fetch(`http://127.0.0.1:${p}/metrics`)).text())));
    const held = counts.map((t) => Number(/gantry_held_total\{stage="redactor"\} (\d+)/.exec(t)?.[1] ?? 0)).reduce((a, b) => a + b, 0);
    expect(held).toBe(1);
    const rows = await db.query<{ doc: string }>(`select data::text || metadata::text || stream_id || type as doc from events`);
    const logs = (await Promise.all(STAGES.map((s, i) => readFile(join(env.dataDir, `${s}-${i}.log`), 'utf8')))).join('\n');
    const everything = rows.rows.map((r) => r.doc).join('\n') + logs;
    for (const planted of Object.values(PLANTED)) expect(everything).not.toContain(planted);
  });

  it('shuts every service down gracefully on SIGTERM (exit 0)', async () => {
    const codes = await Promise.all(services.splice(0).map((s) => s.stop('SIGTERM')));
    expect(codes).toEqual(STAGES.map(() => 0));
  }, 30_000);
});
