import { TestEnvironment, createTestEnvironment, ctInstance, multipartRelated } from '@gantry/testing';
import { parseDicom } from '@gantry/domain';
import { EventStore, loadConfig } from '@gantry/platform';
import { CatalogService } from '../indexer';
import { EmbeddedPipeline } from '../runtime';
import { StatusService } from '../status';

const DICOM_RELATED = (b: string) => `multipart/related; type="application/dicom"; boundary=${b}`;

describe('STOW-RS POST /studies (real Postgres and S3)', () => {
  let env: TestEnvironment;
  let pipeline: EmbeddedPipeline;
  let url: string;

  beforeAll(async () => {
    env = await createTestEnvironment({ s3: true });
    pipeline = await EmbeddedPipeline.start(loadConfig(env.env), { stages: ['ingest', 'indexer'], http: true });
    url = await pipeline.url();
  }, 120_000);

  afterAll(async () => {
    await pipeline?.close();
    await env?.cleanup();
  });

  it('stores each instance, fails a junk part with a reason, and the instances land as ingested and indexed', async () => {
    const a = ctInstance('stow-a');
    const b = ctInstance('stow-b');
    const res = await fetch(`${url}/studies`, {
      method: 'POST',
      headers: { 'content-type': DICOM_RELATED('xyz') },
      body: multipartRelated('xyz', [a, b, Buffer.from('this is not DICOM')]),
    });
    expect(res.status).toBe(202);
    expect(res.headers.get('content-type')).toMatch(/application\/dicom\+json/);
    const body = (await res.json()) as Record<string, { Value: Record<string, { Value?: unknown[] }>[] }>;
    const stored = body['00081199']!.Value.map((item) => item['00081155']!.Value![0]);
    expect(stored).toEqual([a, b].map((bytes) => parseDicom(bytes).dataset.string('SOPInstanceUID')));
    expect(body['00081198']!.Value).toHaveLength(1);
    expect(body['00081198']!.Value[0]!['00081197']!.Value).toEqual([0xc000]);

    await pipeline.whenIdle();
    const status = await pipeline.get(StatusService).status();
    expect(status.inputs).toMatchObject({ ingested: 2, rejected: 1, duplicates: 0 });
    expect(status.rejections).toEqual({ NOT_DICOM: 1 });
    expect(status.stages['indexer']).toMatchObject({ indexed: 2, pending: 0 });
    const devices = await pipeline.get(CatalogService).inventory();
    expect(devices).toEqual([expect.objectContaining({ manufacturer: 'ACME MEDICAL', serial: 'SN-001', instances: 2 })]);
  });

  it('stores an identical re-upload once (duplicate) and reports it as stored', async () => {
    const a = ctInstance('stow-a');
    const res = await fetch(`${url}/studies`, { method: 'POST', headers: { 'content-type': DICOM_RELATED('b2') }, body: multipartRelated('b2', [a]) });
    expect(res.status).toBe(200);
    await pipeline.whenIdle();
    expect((await pipeline.get(StatusService).status()).inputs.duplicates).toBe(1);
  });

  it('POST /studies/{study} refuses an instance of another study (0xA900) and records why', async () => {
    const other = ctInstance('stow-c', { studyUid: '2.25.999' });
    const res = await fetch(`${url}/studies/2.25.111`, { method: 'POST', headers: { 'content-type': DICOM_RELATED('b3') }, body: multipartRelated('b3', [other]) });
    expect(res.status).toBe(409);
    const body = (await res.json()) as Record<string, { Value: Record<string, { Value?: unknown[] }>[] }>;
    expect(body['00081198']!.Value[0]!['00081197']!.Value).toEqual([0xa900]);
    expect((await pipeline.get(StatusService).status()).rejections['STUDY_MISMATCH']).toBe(1);
  });

  it('answers 415 to a request that is not multipart/related application/dicom, and 400 to a torn body', async () => {
    const wrongType = await fetch(`${url}/studies`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(wrongType.status).toBe(415);
    const torn = multipartRelated('b4', [ctInstance('stow-d')]).subarray(0, 200);
    const res = await fetch(`${url}/studies`, { method: 'POST', headers: { 'content-type': DICOM_RELATED('b4') }, body: torn });
    expect(res.status).toBe(400);
  });

  it('keeps every event payload free of the planted identifiers', async () => {
    const store = pipeline.get(EventStore);
    const batch = await store.readAll({ limit: 1000 });
    const text = JSON.stringify(batch.events.map((e) => e.event));
    expect(batch.events.length).toBeGreaterThan(4);
    for (const planted of ['ZZTESTPATIENT', 'PLANTEDID7731', 'PLANTACC5521']) expect(text).not.toContain(planted);
  });
});
