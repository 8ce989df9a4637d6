import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestEnvironment, createTestEnvironment } from '@gantry/testing';
import { GantryEvent, INSTANCE_REMEDIATED, newEvent, parseDicom, PHI_FOUND } from '@gantry/domain';
import { BlobStore, EventStore, loadConfig, SQL, Sql } from '@gantry/platform';
import { ActiveConfigService, instanceHistory, instanceStream } from '../common';
import { IngestService } from '../ingest';
import { EmbeddedPipeline } from '../runtime';
import { StatusService } from '../status';
import { PseudonymMapService } from './pseudonym-map';
import { RemediatorHandler } from './remediator.handler';
import { PLANTED, plantedIn, plantedInstance } from './testing/planted-instance';

type PhiFound = GantryEvent<typeof PHI_FOUND>;

/**
 * Inspector and remediator in one process on the real Postgres and S3: what they record,
 * what they write, and how they behave when a message comes again, races, or announces a
 * plan that is not what the bytes give.
 */
describe('inspector and remediator (embedded, real Postgres and S3)', () => {
  let env: TestEnvironment;
  let pipeline: EmbeddedPipeline;
  let store: EventStore;
  let blobs: BlobStore;
  let pki: string;

  const ingest = async (seed: string): Promise<string> => {
    const outcome = await pipeline.get(IngestService).ingest(plantedInstance(seed), { source: 'file' });
    await pipeline.whenIdle();
    return outcome.key;
  };

  beforeAll(async () => {
    env = await createTestEnvironment({ s3: true });
    pipeline = await EmbeddedPipeline.start(loadConfig(env.env), { stages: ['ingest', 'indexer', 'inspector', 'remediator'] });
    store = pipeline.app.get(EventStore);
    blobs = pipeline.app.get(BlobStore);
    pki = mkdtempSync(join(tmpdir(), 'gantry-pki-'));
  }, 120_000);
  afterAll(async () => {
    await pipeline?.close();
    await env?.cleanup();
    if (pki) rmSync(pki, { recursive: true, force: true });
  });

  it('announces findings without values and writes a remediated object without the planted identifiers', async () => {
    const key = await ingest('one');
    const h = await instanceHistory(store, key);
    expect(h.phiFound?.data).toMatchObject({ key, configVersion: 0, findingsTruncated: false, pixelRisk: { atRisk: false } });
    expect(h.phiFound?.data.findings).toContainEqual({ path: '(0010,0020)', rule: 'pseudonym:patient-id', action: 'D', reason: 'PSEUDONYM' });
    expect(h.phiFound?.data.findings).toContainEqual(expect.objectContaining({ path: '(0008,1030)', action: 'X' }));
    expect(h.remediated?.data).toMatchObject({ key, blobKey: `remediated/${key.slice(0, 2)}/${key}.dcm`, reversible: false, planHash: h.phiFound?.data.planHash });
    const bytes = await blobs.getBytes(h.remediated?.data.blobKey as string);
    expect(bytes.length).toBe(h.remediated?.data.size);
    expect(plantedIn(bytes)).toEqual([]);
    expect(plantedIn(JSON.stringify(h.events))).toEqual([]);
    expect(parseDicom(bytes).dataset.string('PatientIdentityRemoved')).toBe('YES');
  });

  it('keeps the pseudonym map in the database only, originals encrypted', async () => {
    const rows = await pipeline.get<Sql>(SQL).query<{ doc: string }>('select row_to_json(m)::text as doc from pseudonym_map m');
    expect(rows.length).toBeGreaterThan(3);
    expect(plantedIn(rows.map((r) => r.doc).join('\n'))).toEqual([]);
    const ids = [];
    for await (const pair of pipeline.get(PseudonymMapService).pairs('patient-id')) ids.push(pair);
    expect(ids).toEqual([{ original: PLANTED.id, pseudonym: expect.stringMatching(/^GANTRY-[A-Z2-7]{16}$/) as unknown }]);
  });

  it('does nothing new when the same PhiFound is delivered again', async () => {
    const key = await ingest('two');
    const before = await instanceHistory(store, key);
    const blob = await blobs.getBytes(before.remediated?.data.blobKey as string);
    await pipeline.get(RemediatorHandler).onPhiFound(before.phiFound as PhiFound);
    const after = await instanceHistory(store, key);
    expect(after.events.map((e) => e.id)).toEqual(before.events.map((e) => e.id));
    expect(Buffer.compare(await blobs.getBytes(after.remediated?.data.blobKey as string), blob)).toBe(0);
  });

  it('dead-letters a PhiFound whose plan is not what the bytes give (PLAN_MISMATCH)', async () => {
    const key = await ingest('three');
    const real = (await instanceHistory(store, key)).phiFound as PhiFound;
    const forged = newEvent({ type: PHI_FOUND, source: 'gantry/inspector', subject: real.subject, data: { ...real.data, planHash: 'f'.repeat(64) } });
    await store.append(instanceStream(key), [forged]);
    await pipeline.whenIdle();
    const status = await pipeline.get(StatusService).status();
    expect(status.deadLetters['remediator']).toBe(1);
    const dead = (await store.readStream('dlq-remediator')).map((s) => s.event.data);
    expect(dead).toEqual([expect.objectContaining({ eventId: forged.id, reason: 'PLAN_MISMATCH' })]);
  });

  it('in reversible mode never rewrites an answered instance, and keeps one blob when two attempts race', async () => {
    if (!existsSync('/usr/bin/openssl')) throw new Error('openssl is required (apt-get install openssl)');
    execFileSync('/usr/bin/openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(pki, 'key.pem'), '-out', join(pki, 'cert.pem'), '-days', '2', '-subj', '/CN=t'], { stdio: 'ignore' });
    const set = await pipeline.get(ActiveConfigService).set({ version: 1, deid: { recipientCertificate: readFileSync(join(pki, 'cert.pem'), 'utf8') } });
    const key = await ingest('four');
    const h = await instanceHistory(store, key);
    expect(h.remediated?.data).toMatchObject({ reversible: true, configVersion: set.version, blobKey: `remediated/${h.remediated?.data.sha256.slice(0, 2)}/${h.remediated?.data.sha256}.dcm` });
    const handler = pipeline.get(RemediatorHandler);
    await handler.onPhiFound(h.phiFound as PhiFound);
    expect((await instanceHistory(store, key)).events).toHaveLength(h.events.length);

    // Two attempts at once on a message not yet answered: exactly one answer and one blob survive.
    const racing = newEvent({ type: PHI_FOUND, source: 'gantry/inspector', subject: key, data: (h.phiFound as PhiFound).data });
    await Promise.all([handler.onPhiFound(racing), handler.onPhiFound(racing)]);
    const answers = (await instanceHistory(store, key)).events.filter((e) => e.type === INSTANCE_REMEDIATED && e.causationId === racing.id);
    expect(answers).toHaveLength(1);
    const listed = [];
    for await (const b of blobs.list('remediated/')) listed.push(b.key);
    // Reversible blobs are named by their sha256: only the two recorded answers' may remain.
    const recorded = [h.remediated?.data.blobKey, (answers[0] as GantryEvent<typeof INSTANCE_REMEDIATED>).data.blobKey];
    expect(listed.filter((k) => /\/[0-9a-f]{64}\.dcm$/.test(k)).sort()).toEqual([...new Set(recorded)].sort());
  }, 60_000);
});
