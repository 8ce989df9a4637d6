import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestEnvironment, createTestEnvironment } from '@gantry/testing';
import {
  applyDeidentification,
  blobKey,
  DicomBuilder,
  DicomObject,
  EXPORT_BLOCKED,
  ExportDestination,
  INSTANCE_REDACTED,
  KeyRing,
  newEvent,
  parseDicom,
  planDeidentification,
  defaultConfig,
  writeDicom,
} from '@gantry/domain';
import { BlobStore, EventStore, loadConfig, S3BlobStore } from '@gantry/platform';
import { ActiveConfigService, instanceHistory, instanceStream } from '../common';
import { IngestService } from '../ingest';
import { EmbeddedPipeline } from '../runtime';
import { RedactedEvent } from './export-check.service';
import { ExportService } from './export.service';
import { ManifestService } from './manifest.service';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** A patient with identifiers planted in text and private elements, as issue fixtures do. */
function planted(seed: string, modality: 'CT' | 'US' = 'CT'): Uint8Array {
  return new DicomBuilder({ seed })
    .patient({ name: 'PLANTED^ZEBEDEE', id: 'PLNT44123', birthDate: '19590711', sex: 'M' })
    .study({ accession: 'ACCPL9912', description: 'chest for Zebedee' })
    .series({ modality })
    .equipment({ manufacturer: 'ACME', model: 'M1', serial: 'SN-9' })
    .private(0x0009, 'ACME PRIVATE', 0x10, 'LO', 'Zebedee PLNT44123')
    .pixels({ rows: 16, columns: 16, bitsAllocated: 16 })
    .toBytes();
}

describe('exporter stage (real Postgres, S3)', () => {
  let env: TestEnvironment;
  let pipeline: EmbeddedPipeline;
  let out: string;

  /** Ingests an instance (so the catalog knows it), de-identifies it with the engine as the remediator would, and records it as Redacted. */
  async function redacted(bytes: Uint8Array, edit?: (obj: DicomObject, original: DicomObject) => void, ruleId: string | null = null): Promise<RedactedEvent> {
    const outcome = await pipeline.get(IngestService).ingest(bytes, { source: 'file' });
    await pipeline.whenIdle();
    const config = defaultConfig();
    const original = parseDicom(bytes);
    const deid = applyDeidentification(original, planDeidentification(original, config), config, pipeline.get(KeyRing)).object;
    edit?.(deid, original);
    const written = writeDicom(deid);
    const key = blobKey('redacted', sha256(written));
    await pipeline.get(BlobStore).put(key, written);
    const event = newEvent({
      type: INSTANCE_REDACTED,
      source: 'gantry/redactor',
      subject: outcome.key,
      data: { key: outcome.key, blobKey: key, sha256: sha256(written), size: written.length, configVersion: 0, ruleId, zones: [], frames: 1 },
    });
    await pipeline.get(EventStore).append(instanceStream(outcome.key), [event]);
    await pipeline.whenIdle();
    return event;
  }

  beforeAll(async () => {
    env = await createTestEnvironment({ s3: true });
    out = await mkdtemp(join(tmpdir(), 'gantry-export-'));
    pipeline = await EmbeddedPipeline.start(loadConfig(env.env), { stages: ['ingest', 'indexer', 'exporter'] });
    const s3 = env.s3!;
    process.env['EXPORT_TEST_KEY'] = s3.accessKey;
    process.env['EXPORT_TEST_SECRET'] = s3.secretKey;
    const destinations: ExportDestination[] = [
      { name: 'clean', kind: 'folder', path: out, layout: '{patient}/{study}/{series}/{instance}.dcm' },
      { name: 'bucket', kind: 's3', endpoint: s3.endpoint, bucket: 'export-test', prefix: 'run-1', region: s3.region, layout: '{modality}/{key}.dcm', accessKeyEnv: 'EXPORT_TEST_KEY', secretKeyEnv: 'EXPORT_TEST_SECRET' },
    ];
    await pipeline.get(ActiveConfigService).set({ version: 1, export: { destinations } });
  }, 120_000);

  afterAll(async () => {
    await pipeline?.close();
    await env?.cleanup();
    if (out) await rm(out, { recursive: true, force: true });
  });

  it('writes the exact checked bytes to a folder and a bucket, records where and their sha256, and lists them in the manifest', async () => {
    const event = await redacted(planted('exp-clean'));
    const history = await instanceHistory(pipeline.get(EventStore), event.data.key);
    expect(history.blocked).toBeUndefined();
    expect(history.exported.map((e) => e.data.destination.name).sort()).toEqual(['bucket', 'clean']);
    for (const e of history.exported) expect(e.data).toMatchObject({ sha256: event.data.sha256, size: event.data.size, configVersion: 1 });

    const folder = history.exported.find((e) => e.data.destination.name === 'clean')!;
    expect(folder.data.location).toMatch(/^GANTRY-[A-Z2-7]{16}\/2\.25\.\d+\/2\.25\.\d+\/2\.25\.\d+\.dcm$/);
    const file = await readFile(join(out, folder.data.location!));
    expect(sha256(file)).toBe(event.data.sha256);
    expect(file.toString('latin1')).not.toMatch(/ZEBEDEE|PLNT44123|ACCPL9912|19590711/i);

    const bucket = history.exported.find((e) => e.data.destination.name === 'bucket')!;
    expect(bucket.data.location).toBe(`CT/${event.data.key}.dcm`);
    const s3 = env.s3!;
    const store = new S3BlobStore({ endPoint: s3.host, port: s3.port, useSSL: false, accessKey: s3.accessKey, secretKey: s3.secretKey, region: s3.region, bucket: 'export-test' });
    try {
      expect(sha256(await store.getBytes(`run-1/CT/${event.data.key}.dcm`))).toBe(event.data.sha256);
    } finally {
      await store.close();
    }

    // The exporter keeps the manifest beside the folder current by itself (as a service would) …
    let scheduled = '';
    for (let waited = 0; !scheduled.includes(folder.data.location!) && waited < 15_000; waited += 200) {
      await new Promise((r) => setTimeout(r, 200));
      scheduled = await readFile(join(out, 'manifest.json'), 'utf8').catch(() => '');
    }
    expect(JSON.parse(scheduled)).toMatchObject({ format: 'gantry-export-manifest/1', destination: 'clean' });
    // … and the command line writes one on demand.
    const manifest = await pipeline.get(ManifestService).write({ name: 'clean', kind: 'folder', path: out, layout: '' });
    expect(manifest.files).toBe(1);
    const listed = JSON.parse(await readFile(manifest.json, 'utf8')) as { files: { path: string; sha256: string }[] };
    expect(listed.files).toEqual([expect.objectContaining({ path: folder.data.location, sha256: event.data.sha256 })]);
    expect(await readFile(manifest.csv, 'utf8')).toContain(`${folder.data.location},${event.data.sha256},`);
  });

  it('does nothing more on a redelivery', async () => {
    const event = await redacted(planted('exp-again'));
    expect(await pipeline.get(ExportService).export(event)).toEqual({ kind: 'already-exported' });
    expect((await instanceHistory(pipeline.get(EventStore), event.data.key)).exported).toHaveLength(2);
  });

  it.each<[string, (o: DicomObject, original: DicomObject) => void, string[]]>([
    ['a name written into StudyDescription', (o) => o.dataset.set('StudyDescription', 'LO', 'CT for Zebedee'), ['INSPECTOR_FINDINGS', 'KNOWN_VALUE_FOUND']],
    ['the patient ID in a kept private element', (o) => o.dataset.setPrivate(0x0019, 'GEMS_ACQU_01', 0x9c, 'LO', 'PLNT44123'), ['INSPECTOR_FINDINGS', 'KNOWN_VALUE_FOUND']],
    ['the original frame of reference UID', (o, original) => o.dataset.set('FrameOfReferenceUID', 'UI', original.dataset.string('FrameOfReferenceUID') ?? ''), ['KNOWN_VALUE_FOUND']],
    ['a UID that is no keyed remap', (o) => o.dataset.set('FrameOfReferenceUID', 'UI', '1.2.826.0.1.3680043.8.498.77'), ['INSPECTOR_FINDINGS']],
  ])('blocks %s and writes nothing', async (name, edit, reasons) => {
    const before = await listFiles(out);
    const event = await redacted(planted(`exp-block-${name}`), edit);
    const history = await instanceHistory(pipeline.get(EventStore), event.data.key);
    expect(history.exported).toEqual([]);
    expect(history.blocked?.type).toBe(EXPORT_BLOCKED);
    expect(history.blocked?.data.reasons).toEqual(reasons);
    expect(JSON.stringify(history.events)).not.toMatch(/ZEBEDEE|PLNT44123/i);
    expect(await listFiles(out)).toEqual(before);
  });

  it('blocks an image at risk that was passed through unredacted, and bytes that changed after they were recorded', async () => {
    const us = await redacted(planted('exp-us', 'US'));
    expect((await instanceHistory(pipeline.get(EventStore), us.data.key)).blocked?.data.reasons).toEqual(['PIXEL_RISK_UNRESOLVED']);

    const ct = await redacted(planted('exp-tamper'), undefined);
    const tampered = parseDicom(await pipeline.get(BlobStore).getBytes(ct.data.blobKey));
    tampered.dataset.set('StudyDescription', 'LO', 'ZEBEDEE');
    await pipeline.get(BlobStore).put(ct.data.blobKey, writeDicom(tampered));
    const again = newEvent({ type: INSTANCE_REDACTED, source: 'gantry/redactor', subject: ct.subject, data: ct.data });
    await pipeline.get(EventStore).append(instanceStream(ct.data.key), [again]);
    await pipeline.whenIdle();
    // The first Redacted event was exported before the tampering; the new one is refused.
    const history = await instanceHistory(pipeline.get(EventStore), ct.data.key);
    expect(history.blocked?.data.reasons).toEqual(['INTEGRITY_MISMATCH', 'INSPECTOR_FINDINGS', 'KNOWN_VALUE_FOUND']);
    expect(history.exported.filter((e) => e.causationId === again.id)).toEqual([]);
  });

  it('accepts an image at risk when the redactor matched a rule for it', async () => {
    const us = await redacted(planted('exp-us-rule', 'US'), undefined, 'us-1');
    expect((await instanceHistory(pipeline.get(EventStore), us.data.key)).exported).toHaveLength(2);
  });
});

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) out.push(join(e.parentPath, e.name));
  return out.sort();
}
