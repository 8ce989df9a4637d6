import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BuilderModality,
  decodeFrames,
  DicomBuilder,
  DicomObject,
  INSTANCE_REDACTED,
  KeyRing,
  MachineRule,
  parseDicom,
  PixelOptions,
  REDACTION_HELD,
  resolveFill,
  verifyRedaction,
  Zone,
} from '@gantry/domain';
import { BlobStore, EventStore, loadConfig, MetricsService } from '@gantry/platform';
import { createTestEnvironment, PLANTED, TestEnvironment } from '@gantry/testing';
import { ActiveConfigService, instanceHistory, InstanceHistory } from '../common';
import { ImporterService } from '../ingest';
import { EmbeddedPipeline } from '../runtime';
import { redactedUid } from './redacted-uid';
import { RedactorHandler } from './redactor.handler';
import { checkZones } from './test-support/zone-check';
import { dciodvfyErrorClasses, dcmdumpErrors } from './test-support/dicom-tools';

/**
 * Builder fixtures through the real pipeline (ingest, indexer, inspector, remediator,
 * redactor) on the real Postgres and an S3 server: each rule's zones are filled on every
 * frame of the remediated image and nothing else changes, the header records it, and an
 * image that cannot be redacted is held, never passed.
 */
const MAKER = 'GANTRY TEST';
const rule = (id: string, zones: Zone[]): MachineRule => ({ id, match: { manufacturer: MAKER, model: id, serial: '*' }, zones });

interface Fixture {
  model: string;
  modality: BuilderModality;
  pixels: PixelOptions;
  zones?: Zone[];
}

const FIXTURES: Fixture[] = [
  { model: 'RGB-P1', modality: 'US', pixels: { rows: 48, columns: 64, photometric: 'RGB', samplesPerPixel: 3, planarConfiguration: 1 }, zones: [{ x: 0, y: 0, width: 64, height: 8 }, { x: 50, y: 30, width: 100, height: 100 }] },
  { model: 'US-CINE-30', modality: 'US', pixels: { rows: 24, columns: 32, photometric: 'RGB', samplesPerPixel: 3, frames: 30 }, zones: [{ x: 0, y: 0, width: 32, height: 6 }] },
  { model: 'CT-S16', modality: 'CT', pixels: { rows: 64, columns: 64, bitsAllocated: 16, bitsStored: 16, highBit: 15, pixelRepresentation: 1 }, zones: [{ x: 10, y: 10, width: 20, height: 5 }] },
  { model: 'CR-M1', modality: 'CR', pixels: { rows: 64, columns: 48, bitsAllocated: 16, bitsStored: 12, highBit: 11, photometric: 'MONOCHROME1' }, zones: [{ x: 0, y: 56, width: 48, height: 8 }] },
  { model: 'OFF-IMAGE', modality: 'US', pixels: { rows: 32, columns: 32 }, zones: [{ x: 40, y: 0, width: 10, height: 10 }] },
  { model: 'NO-RULE-US', modality: 'US', pixels: { rows: 32, columns: 32 } },
  { model: 'NO-RULE-CT', modality: 'CT', pixels: { rows: 32, columns: 32, bitsAllocated: 16 } },
];

const build = (f: Fixture): Uint8Array =>
  new DicomBuilder({ seed: `redactor-${f.model}` })
    .patient({ name: PLANTED.name, id: PLANTED.id, birthDate: '19650412', sex: 'F' })
    .study({ accession: PLANTED.accession, description: 'redaction fixture' })
    .series({ modality: f.modality })
    .equipment({ manufacturer: MAKER, model: f.model, serial: `SN-${f.model}` })
    .instance({})
    .pixels(f.pixels)
    .toBytes();

describe('redactor stage on builder fixtures (real Postgres and S3)', () => {
  let env: TestEnvironment;
  let pipeline: EmbeddedPipeline;
  let store: EventStore;
  let blobs: BlobStore;
  let keys: KeyRing;
  let work: string;
  const files = new Map<string, Uint8Array>();

  const historyOf = (model: string): Promise<InstanceHistory> =>
    instanceHistory(store, keys.instanceKey(parseDicom(files.get(model) as Uint8Array).dataset.string('SOPInstanceUID') as string));
  const objectAt = async (blobKey: string): Promise<DicomObject> => parseDicom(await blobs.getBytes(blobKey));

  beforeAll(async () => {
    env = await createTestEnvironment({ s3: true });
    pipeline = await EmbeddedPipeline.start(loadConfig(env.env), { stages: ['ingest', 'indexer', 'inspector', 'remediator', 'redactor'] });
    [store, blobs, keys] = [pipeline.app.get(EventStore), pipeline.app.get(BlobStore), pipeline.get(KeyRing)];
    const machines = FIXTURES.flatMap((f) => (f.zones ? [rule(f.model, f.zones)] : []));
    await pipeline.get(ActiveConfigService).set({ version: 1, redaction: { machines } });
    work = await mkdtemp(join(tmpdir(), 'gantry-redactor-'));
    for (const f of FIXTURES) {
      files.set(f.model, build(f));
      await writeFile(join(work, `${f.model}.dcm`), files.get(f.model) as Uint8Array);
    }
    const summary = await pipeline.get(ImporterService).importPaths([work]);
    expect(summary.ingested).toBe(FIXTURES.length);
    await pipeline.whenIdle();
  }, 180_000);

  afterAll(async () => {
    await pipeline?.close();
    await env?.cleanup();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it.each(FIXTURES.filter((f) => f.model !== 'OFF-IMAGE' && f.zones))('$model: zones filled on every frame, every other pixel unchanged', async (f) => {
    const h = await historyOf(f.model);
    const redacted = h.redacted;
    expect(redacted?.data).toMatchObject({ ruleId: f.model, configVersion: 1, frames: f.pixels.frames ?? 1 });
    const before = await objectAt(h.remediated?.data.blobKey as string);
    const after = await objectAt(redacted?.data.blobKey as string);
    const [a, b] = [await decodeFrames(before), await decodeFrames(after)];
    const fill = resolveFill(a.info, before.dataset);
    const check = checkZones(a, b, f.zones as Zone[], fill);
    expect(check).toMatchObject({ insideNotFill: 0, outsideChanged: 0 });
    expect(check.inside).toBeGreaterThan(0);
    expect(verifyRedaction(a, b, f.zones as Zone[], fill)).toMatchObject({ ok: true, framesChecked: f.pixels.frames ?? 1 });
  });

  it('fills with the darkest value: the most negative for signed CT, the maximum for MONOCHROME1', async () => {
    for (const [model, expected] of [['CT-S16', -32768], ['CR-M1', 4095]] as const) {
      const h = await historyOf(model);
      const before = await objectAt(h.remediated?.data.blobKey as string);
      expect(resolveFill((await decodeFrames(before)).info, before.dataset)).toEqual([expected]);
    }
  });

  it('marks the header, gives a new keyed SOP Instance UID and leaves no reference to the old one', async () => {
    for (const f of FIXTURES.filter((x) => x.zones && x.model !== 'OFF-IMAGE')) {
      const h = await historyOf(f.model);
      const before = await objectAt(h.remediated?.data.blobKey as string);
      const bytes = await blobs.getBytes(h.redacted?.data.blobKey as string);
      const after = parseDicom(bytes);
      const oldUid = before.dataset.string('SOPInstanceUID') as string;
      const newUid = redactedUid(keys, oldUid);
      expect(after.dataset.string('SOPInstanceUID')).toBe(newUid);
      expect(after.meta.string('MediaStorageSOPInstanceUID')).toBe(newUid);
      expect(Buffer.from(bytes).includes(Buffer.from(oldUid))).toBe(false);
      expect(after.dataset.string('BurnedInAnnotation')).toBe('NO');
      expect(after.dataset.strings('ImageType')[0]).toBe('DERIVED');
      expect(after.dataset.sequence('DerivationCodeSequence')?.map((i) => i.string('CodeValue'))).toContain('113047');
      expect(after.dataset.string('DerivationDescription')).toMatch(/^Burned-in annotation removed by Gantry/);
      expect(after.transferSyntaxUid).toBe('1.2.840.10008.1.2.1');
      expect(h.redacted?.data.blobKey).toMatch(/^redacted\//);
    }
  });

  it('the stage output reads cleanly with DCMTK and adds no dciodvfy error class', async () => {
    for (const model of ['RGB-P1', 'US-CINE-30', 'CT-S16', 'CR-M1']) {
      const h = await historyOf(model);
      const input = join(work, `${model}.remediated.dcm`);
      const output = join(work, `${model}.redacted.dcm`);
      await writeFile(input, await blobs.getBytes(h.remediated?.data.blobKey as string));
      await writeFile(output, await blobs.getBytes(h.redacted?.data.blobKey as string));
      expect({ model, ...dcmdumpErrors(output) }).toEqual({ model, status: 0, errors: [] });
      const known = dciodvfyErrorClasses(input);
      expect({ model, added: [...dciodvfyErrorClasses(output)].filter((e) => !known.has(e)) }).toEqual({ model, added: [] });
    }
  });

  it('passes an image that is not at risk and has no rule: no zones, the remediated blob itself', async () => {
    const h = await historyOf('NO-RULE-CT');
    expect(h.held).toBeUndefined();
    expect(h.redacted?.data).toMatchObject({ ruleId: null, zones: [], frames: 1, blobKey: h.remediated?.data.blobKey, sha256: h.remediated?.data.sha256 });
  });

  it('holds an at-risk image without a rule, and one whose zone lies outside it, with reason and risk codes', async () => {
    const noRule = await historyOf('NO-RULE-US');
    expect(noRule.redacted).toBeUndefined();
    expect(noRule.held?.data).toMatchObject({ reason: 'NO_MATCHING_RULE', risk: ['RISKY_MODALITY'], configVersion: 1 });
    const off = await historyOf('OFF-IMAGE');
    expect(off.redacted).toBeUndefined();
    expect(off.held?.data).toMatchObject({ reason: 'ZONE_OUTSIDE_IMAGE', risk: ['RISKY_MODALITY'] });
    expect(await pipeline.get(MetricsService).metrics()).toMatch(/gantry_held_total\{stage="redactor"\} 2/);
  });

  it('answers a redelivered Remediated with nothing new', async () => {
    for (const model of ['RGB-P1', 'NO-RULE-US', 'NO-RULE-CT']) {
      const h = await historyOf(model);
      await pipeline.get(RedactorHandler).onRemediated(h.remediated as NonNullable<InstanceHistory['remediated']>);
      const again = await historyOf(model);
      expect(again.events.map((e) => e.id)).toEqual(h.events.map((e) => e.id));
    }
  });

  it('records zones as geometry clipped to the image, and no value anywhere in its events', async () => {
    const h = await historyOf('RGB-P1');
    expect(h.redacted?.data.zones).toEqual([{ x: 0, y: 0, width: 64, height: 8 }, { x: 50, y: 30, width: 14, height: 18 }]);
    const answers = (await store.readAll({ limit: 10_000 })).events.filter((e) => e.event.type === INSTANCE_REDACTED || e.event.type === REDACTION_HELD);
    const text = JSON.stringify(answers.map((e) => e.event));
    for (const planted of Object.values(PLANTED)) expect(text).not.toContain(planted);
    expect(text).not.toContain(MAKER);
  });
});
