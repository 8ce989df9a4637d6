import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BuilderModality, DicomBuilder, PixelOptions } from '@gantry/domain';
import { loadConfig } from '@gantry/platform';
import { createTestEnvironment, TestEnvironment } from '@gantry/testing';
import { ActiveConfigService } from '../../common';
import { CatalogService } from '../../indexer';
import { ImporterService } from '../../ingest';
import { EmbeddedPipeline } from '../../runtime';
import { Scaffold } from './scaffold-types';
import { ScaffoldService } from './scaffold.service';

interface Device {
  manufacturer: string;
  model: string;
  modality: BuilderModality;
  description: string;
  pixels: PixelOptions;
  count: number;
}

const DEVICES: Device[] = [
  { manufacturer: 'GE MEDICAL SYSTEMS', model: 'Revolution', modality: 'SC', description: 'Dose Report', pixels: { rows: 512, columns: 512 }, count: 2 },
  { manufacturer: 'Philips', model: 'EPIQ 7', modality: 'US', description: 'abdomen', pixels: { rows: 48, columns: 64, photometric: 'RGB', samplesPerPixel: 3 }, count: 3 },
  { manufacturer: 'SIEMENS', model: 'Skyra', modality: 'MR', description: 'brain', pixels: { rows: 32, columns: 32, bitsAllocated: 16 }, count: 2 },
  { manufacturer: 'ACME', model: 'Covered', modality: 'US', description: 'neck', pixels: { rows: 32, columns: 32 }, count: 1 },
];

/** The scaffold from the real catalog (ingest and indexer on Postgres) and CTP's embedded library. */
describe('redaction scaffold (real Postgres)', () => {
  let env: TestEnvironment;
  let pipeline: EmbeddedPipeline;
  let work: string;
  let scaffold: Scaffold;
  const machine = (model: string) => scaffold.machines.find((m) => m.model === model);

  beforeAll(async () => {
    env = await createTestEnvironment();
    work = await mkdtemp(join(tmpdir(), 'gantry-scaffold-'));
    for (const d of DEVICES) {
      for (let n = 1; n <= d.count; n++) {
        const bytes = new DicomBuilder({ seed: `scaffold-${d.model}-${n}` }).series({ modality: d.modality, description: d.description })
          .equipment({ manufacturer: d.manufacturer, model: d.model, serial: `SN-${d.model}` }).instance({ number: n }).pixels(d.pixels).toBytes();
        await writeFile(join(work, `${d.model}-${n}.dcm`), bytes);
      }
    }
    pipeline = await EmbeddedPipeline.start(loadConfig(env.env), { stages: ['ingest', 'indexer', 'redactor'], consume: true });
    await pipeline.get(ActiveConfigService).set({ version: 1, redaction: { machines: [{ id: 'acme-covered', match: { manufacturer: 'ACME', model: 'Covered', serial: '*' }, zones: [] }] } });
    await pipeline.get(ImporterService).importPaths([work]);
    await pipeline.whenIdle();
    // The catalog is a projection: wait until it lists every device before reading it.
    for (let tries = 0; (await pipeline.get(CatalogService).inventory()).length < DEVICES.length && tries < 100; tries++) await new Promise((r) => setTimeout(r, 100));
    scaffold = await pipeline.get(ScaffoldService).build(await pipeline.get(CatalogService).inventory());
  }, 120_000);

  afterAll(async () => {
    await pipeline?.close();
    await env?.cleanup();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('lists every machine of the inventory with image and at-risk counts under the active policy', () => {
    expect(scaffold.configVersion).toBe(1);
    expect(scaffold.machines.map((m) => [m.model, m.instances, m.atRisk]).sort()).toEqual([
      ['Covered', 1, 1], ['EPIQ 7', 3, 3], ['Revolution', 2, 2], ['Skyra', 2, 0],
    ]);
    expect(machine('EPIQ 7')?.geometries).toEqual([expect.objectContaining({ rows: 48, columns: 64, instances: 3, atRisk: 3, riskReasons: ['RISKY_MODALITY'] })]);
  });

  it('pre-fills the zones of the CTP signature that matches a sample image, with its conditions', () => {
    const dose = machine('Revolution')?.geometries[0];
    expect(dose?.riskReasons).toEqual(['RISKY_MODALITY', 'SECONDARY_CAPTURE']);
    expect(dose?.suggestion).toEqual({
      ruleId: 'ctp-line-25', line: 25, zones: [{ x: 0, y: 0, width: 512, height: 110 }],
      conditions: { attr: 'SeriesDescription', op: 'contains', value: 'Dose Report', ignoreCase: true },
    });
    expect(machine('EPIQ 7')?.geometries[0]?.suggestion).toBeNull();
  });

  it('names the active rule that already covers a machine', () => {
    expect(machine('Covered')?.geometries[0]?.coveredBy).toBe('acme-covered');
    expect(machine('EPIQ 7')?.geometries[0]?.coveredBy).toBeNull();
    expect(scaffold.library.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
