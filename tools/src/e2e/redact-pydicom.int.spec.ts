import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CodecError,
  codecSyntax,
  decodeFrames,
  DecodedPixels,
  DicomObject,
  INSTANCE_REDACTED,
  INSTANCE_REMEDIATED,
  parseDicom,
  REDACTION_HELD,
  resolveFill,
  verifyRedaction,
  Zone,
} from '@gantry/domain';
import { BlobStore, EventStore, loadConfig } from '@gantry/platform';
import { EmbeddedPipeline, instanceHistory, InstanceHistory } from '@gantry/stages';
import { createTestEnvironment, TestEnvironment } from '@gantry/testing';
import { gantry } from './support/cli';
import { PYDICOM_FILES } from './support/corpus';
import { dcmdumpErrors, newErrorClasses, runTool } from './redact-support';

/**
 * The whole pydicom corpus through `gantry import` (every stage, on Postgres) with a rule
 * that covers every image: each image the codecs decode comes out of the REDACTOR STAGE
 * with the zone filled and every other pixel as the remediated image had it, compressed
 * input as RLE that DCMTK decodes to the same pixels, readable by dcmdump and with no
 * dciodvfy error class its input did not have. The rest is held with a reason.
 */
jest.setTimeout(300_000);

const ZONES: Zone[] = [{ x: 1, y: 1, width: 40, height: 20 }];
const RLE = '1.2.840.10008.1.2.5';

interface Case {
  key: string;
  before: DicomObject;
  after: DicomObject;
  afterBytes: Uint8Array;
}

describe('redactor stage on the pydicom corpus (gantry CLI, Postgres)', () => {
  let env: TestEnvironment;
  let work: string;
  let pipeline: EmbeddedPipeline;
  let histories: InstanceHistory[] = [];
  const cases: Case[] = [];
  const remediatedBlob = (key: string): string => histories.find((h) => h.remediated?.data.key === key)?.remediated?.data.blobKey as string;

  beforeAll(async () => {
    env = await createTestEnvironment();
    work = await mkdtemp(join(tmpdir(), 'gantry-redact-pydicom-'));
    const rules = join(work, 'config.yaml');
    await writeFile(rules, `version: 1\nredaction:\n  machines:\n    - id: every-image\n      match: { manufacturer: "*", model: "*", serial: "*" }\n      zones: ${JSON.stringify(ZONES)}\n`);
    expect(await gantry(['config', 'set', rules], env.env)).toMatchObject({ code: 0 });
    expect(await gantry(['import', PYDICOM_FILES], env.env, 600_000)).toMatchObject({ code: 0 });
    pipeline = await EmbeddedPipeline.start(loadConfig(env.env), { stages: [], consume: false });
    const store = pipeline.app.get(EventStore);
    const blobs = pipeline.app.get(BlobStore);
    const { events } = await store.readAll({ limit: 10_000, types: [INSTANCE_REMEDIATED] });
    histories = await Promise.all(events.map((e) => instanceHistory(store, e.event.subject)));
    for (const h of histories) {
      if (!h.redacted || h.redacted.data.zones.length === 0 || !h.remediated) continue;
      const afterBytes = await blobs.getBytes(h.redacted.data.blobKey);
      cases.push({ key: h.redacted.data.key, before: parseDicom(await blobs.getBytes(h.remediated.data.blobKey)), after: parseDicom(afterBytes), afterBytes });
    }
  }, 900_000);

  afterAll(async () => {
    await pipeline?.close();
    await env?.cleanup();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('answers every remediated instance once: images redacted or held as undecodable, objects without pixels passed', async () => {
    expect(histories.length).toBeGreaterThan(100);
    const blobs = pipeline.app.get(BlobStore);
    const tally = { redacted: 0, held: 0, noPixels: 0 };
    for (const h of histories) {
      const key = h.remediated?.data.key;
      const answers = h.events.filter((e) => e.type === INSTANCE_REDACTED || e.type === REDACTION_HELD);
      expect({ key, answers: answers.length }).toEqual({ key, answers: 1 });
      const before = parseDicom(await blobs.getBytes(h.remediated?.data.blobKey as string));
      if (!before.dataset.has('PixelData')) {
        expect({ key, ruleId: h.redacted?.data.ruleId, zones: h.redacted?.data.zones }).toEqual({ key, ruleId: null, zones: [] });
        tally.noPixels++;
      } else if (h.held) {
        expect({ key, reason: h.held.data.reason }).toEqual({ key, reason: 'DECODE_FAILED' });
        await expect(decodeFrames(before)).rejects.toBeInstanceOf(CodecError);
        tally.held++;
      } else {
        expect({ key, ruleId: h.redacted?.data.ruleId }).toEqual({ key, ruleId: 'every-image' });
        tally.redacted++;
      }
    }
    expect(tally.redacted).toBe(cases.length);
    expect(tally.redacted).toBeGreaterThan(40);
    expect(tally.held).toBeLessThanOrEqual(8);
    process.stdout.write(`pydicom through the redactor: ${JSON.stringify(tally)}\n`);
  });

  it('fills the zone on every frame and leaves every other pixel as the remediated image had it', async () => {
    for (const c of cases) {
      const [a, b]: [DecodedPixels, DecodedPixels] = [await decodeFrames(c.before), await decodeFrames(c.after)];
      const fill = resolveFill(b.info, c.after.dataset);
      expect({ key: c.key, check: verifyRedaction(a, b, ZONES, fill) }).toMatchObject({ key: c.key, check: { ok: true, framesChecked: a.frames.length } });
    }
  });

  it('writes compressed input as RLE that DCMTK decodes to exactly the redacted pixels, lossy history kept', async () => {
    const compressed = cases.filter((c) => codecSyntax(c.before.transferSyntaxUid) !== undefined);
    expect(compressed.length).toBeGreaterThan(12);
    for (const c of compressed) {
      expect(c.after.transferSyntaxUid).toBe(RLE);
      const [src, dst] = [join(work, `${c.key}.rle.dcm`), join(work, `${c.key}.native.dcm`)];
      await writeFile(src, c.afterBytes);
      expect({ key: c.key, status: runTool('dcmdrle', [src, dst]).status }).toEqual({ key: c.key, status: 0 });
      const ours = await decodeFrames(c.after);
      const dcmtk = await decodeFrames(parseDicom(new Uint8Array(await readFile(dst))));
      expect({ key: c.key, check: verifyRedaction(ours, dcmtk, [], []) }).toMatchObject({ key: c.key, check: { ok: true } });
      if (c.before.dataset.string('LossyImageCompression') === '01' || codecSyntax(c.before.transferSyntaxUid)?.lossy === 'always') {
        expect({ key: c.key, lossy: c.after.dataset.string('LossyImageCompression') }).toEqual({ key: c.key, lossy: '01' });
      }
    }
  });

  it('every output reads with dcmdump and shows no dciodvfy error class its input did not have', async () => {
    for (const c of cases) {
      const [input, output] = [join(work, `${c.key}.in.dcm`), join(work, `${c.key}.out.dcm`)];
      await writeFile(input, await pipeline.app.get(BlobStore).getBytes(remediatedBlob(c.key)));
      await writeFile(output, c.afterBytes);
      expect({ key: c.key, ...dcmdumpErrors(output) }).toEqual({ key: c.key, status: 0, errors: [] });
      expect({ key: c.key, added: newErrorClasses(input, output, work) }).toEqual({ key: c.key, added: [] });
    }
  });
});
