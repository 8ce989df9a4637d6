import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_STREAM, DicomBuilder, KeyRing, parseDicom } from '@gantry/domain';
import { EventStore, loadConfig } from '@gantry/platform';
import { createTestEnvironment, TestEnvironment } from '@gantry/testing';
import { ActiveConfigService, instanceHistory, InstanceHistory } from '../common';
import { ImporterService } from '../ingest';
import { EmbeddedPipeline, StageName } from '../runtime';
import { StatusService } from '../status';
import { ConfigChangedEvent, latestConfigChange } from './config-events';
import { RedactorConfigHandler } from './redactor-config.handler';
import { RedactorHandler } from './redactor.handler';
import { RuleSetService } from './rule-set';

/**
 * Held images and new rule sets: applying rules that cover a held image releases it
 * (Redacted caused by the ConfigChanged) without a re-import; what they do not cover is
 * re-held under the new version; redelivery appends nothing; and a hold recorded after a
 * release already ran is caught up by the Remediated handler.
 */
const STAGES: StageName[] = ['ingest', 'indexer', 'inspector', 'remediator', 'redactor'];
const us = (model: string): Uint8Array =>
  new DicomBuilder({ seed: `release-${model}` })
    .series({ modality: 'US' })
    .equipment({ manufacturer: 'ACME US', model, serial: `S-${model}` })
    .instance({})
    .pixels({ rows: 32, columns: 40, photometric: 'RGB', samplesPerPixel: 3, frames: 2 })
    .toBytes();
const ruleFor = (model: string) => ({ id: `acme-${model.toLowerCase()}`, match: { manufacturer: 'ACME*', model, serial: '*' }, zones: [{ x: 0, y: 0, width: 40, height: 4 }] });

describe('releasing held images with a new rule set (real Postgres)', () => {
  let env: TestEnvironment;
  let work: string;
  let pipeline: EmbeddedPipeline;
  const files = new Map<string, Uint8Array>();

  const start = async (consume = true): Promise<EmbeddedPipeline> => (pipeline = await EmbeddedPipeline.start(loadConfig(env.env), { stages: STAGES, consume }));
  const historyOf = (model: string): Promise<InstanceHistory> => {
    const uid = parseDicom(files.get(model) as Uint8Array).dataset.string('SOPInstanceUID') as string;
    return instanceHistory(pipeline.app.get(EventStore), pipeline.get(KeyRing).instanceKey(uid));
  };
  const latestChange = async (): Promise<ConfigChangedEvent> => (await latestConfigChange(pipeline.app.get(EventStore))) as ConfigChangedEvent;
  const importModels = async (...models: string[]): Promise<void> => {
    for (const m of models) {
      files.set(m, us(m));
      await writeFile(join(work, `${m}.dcm`), files.get(m) as Uint8Array);
    }
    await pipeline.get(ImporterService).importPaths(models.map((m) => join(work, `${m}.dcm`)));
    await pipeline.whenIdle();
  };

  beforeAll(async () => {
    env = await createTestEnvironment();
    work = await mkdtemp(join(tmpdir(), 'gantry-release-'));
    await start();
    await importModels('A', 'B');
  }, 120_000);

  afterAll(async () => {
    await pipeline?.close();
    await env?.cleanup();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('holds both at-risk images under the built-in default (version 0)', async () => {
    for (const m of ['A', 'B']) expect((await historyOf(m)).held?.data).toMatchObject({ reason: 'NO_MATCHING_RULE', configVersion: 0 });
  });

  it('apply releases the covered image (caused by the ConfigChanged) and re-holds the other under the new version', async () => {
    const applied = await pipeline.get(RuleSetService).apply({ redaction: { machines: [ruleFor('A')] } });
    expect(applied).toMatchObject({ installed: true, rulesInFile: 1, rulesActive: 1 });
    await pipeline.whenIdle();
    const change = await latestChange();
    expect(change.data).toMatchObject({ version: 1, cause: 'REDACTION_RULES_APPLIED' });
    const a = await historyOf('A');
    expect(a.events.at(-1)?.type).toBe('gantry.instance.redacted.v1');
    expect(a.redacted?.causationId).toBe(change.id);
    expect(a.redacted?.data).toMatchObject({ ruleId: 'acme-a', configVersion: 1, frames: 2, zones: [{ x: 0, y: 0, width: 40, height: 4 }] });
    const b = await historyOf('B');
    expect(b.held?.data).toMatchObject({ reason: 'NO_MATCHING_RULE', configVersion: 1 });
    expect(b.held?.causationId).toBe(change.id);
    expect((await pipeline.get(StatusService).status()).stages['redactor']).toMatchObject({ held: 1 });
  });

  it('applying the same rule set again installs nothing', async () => {
    const again = await pipeline.get(RuleSetService).apply({ redaction: { machines: [ruleFor('A')] } });
    expect(again).toMatchObject({ installed: false });
    expect((await pipeline.app.get(EventStore).readStream(CONFIG_STREAM)).length).toBe(1);
  });

  it('a redelivered ConfigChanged appends nothing', async () => {
    const before = [...(await historyOf('A')).events, ...(await historyOf('B')).events].map((e) => e.id);
    await pipeline.get(RedactorConfigHandler).onConfigChanged(await latestChange());
    const after = [...(await historyOf('A')).events, ...(await historyOf('B')).events].map((e) => e.id);
    expect(after).toEqual(before);
  });

  it('a hold recorded after the release ran is caught up by the Remediated handler', async () => {
    const v1 = await latestChange();
    await pipeline.close();
    // Version 2 is installed while nothing consumes: its release has not run.
    await start(false);
    await pipeline.get(ActiveConfigService).set({ version: 1, redaction: { machines: [ruleFor('A'), ruleFor('B')] } });
    const v2 = await latestChange();
    const b = await historyOf('B');
    expect(b.held?.data.configVersion).toBe(1);
    // A superseded ConfigChanged does nothing, even redelivered.
    await pipeline.get(RedactorConfigHandler).onConfigChanged(v1);
    expect((await historyOf('B')).events.length).toBe(b.events.length);
    // The Remediated redelivery finds its answer (a hold under v1) and catches up with v2.
    await pipeline.get(RedactorHandler).onRemediated(b.remediated as NonNullable<InstanceHistory['remediated']>);
    const caught = await historyOf('B');
    expect(caught.events.at(-1)?.type).toBe('gantry.instance.redacted.v1');
    expect(caught.redacted?.causationId).toBe(v2.id);
    expect(caught.redacted?.data).toMatchObject({ ruleId: 'acme-b', configVersion: 2 });
    // The release of v2, when it runs, finds nothing left to do.
    await pipeline.get(RedactorConfigHandler).onConfigChanged(v2);
    expect((await historyOf('B')).events.map((e) => e.id)).toEqual(caught.events.map((e) => e.id));
  });

  it('an image ingested after the rules were applied is redacted straight away', async () => {
    await pipeline.close();
    await start();
    await pipeline.whenIdle();
    const bytes = new DicomBuilder({ seed: 'release-A2' }).series({ modality: 'US' }).equipment({ manufacturer: 'ACME US', model: 'A', serial: 'S-A2' }).instance({}).pixels({ rows: 32, columns: 40 }).toBytes();
    files.set('A2', bytes);
    await writeFile(join(work, 'A2.dcm'), bytes);
    await pipeline.get(ImporterService).importPaths([join(work, 'A2.dcm')]);
    await pipeline.whenIdle();
    const h = await historyOf('A2');
    expect(h.held).toBeUndefined();
    expect(h.redacted?.data).toMatchObject({ ruleId: 'acme-a', configVersion: 2 });
  });
});
