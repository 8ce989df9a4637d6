import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyRing } from '@gantry/domain';
import { createEventStore, PostgresEventStore, readKeyFile } from '@gantry/platform';
import { gantry } from './support/cli';
import { identifyingValues, listFiles, PYDICOM_FILES } from './support/corpus';

interface Status {
  inputs: { filesFound: number; ingested: number; rejected: number; duplicates: number; accountedFor: boolean };
  rejections: Record<string, number>;
  stages: Record<string, Record<string, number>>;
}

/** The acceptance run of issue 2: the pydicom corpus through `gantry import` on the embedded default. */
describe('gantry import of the pydicom test files (embedded default)', () => {
  let dataDir: string;
  let status: Status;
  let files: string[];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gantry-cli-'));
    files = await listFiles(PYDICOM_FILES);
    const imported = await gantry(['import', PYDICOM_FILES, '--data', dataDir]);
    expect(imported).toMatchObject({ code: 0 });
    const res = await gantry(['status', '--json', '--data', dataDir]);
    expect(res.code).toBe(0);
    status = JSON.parse(res.stdout) as Status;
  }, 300_000);

  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('accounts for every file: ingested + rejected + duplicates = files found', () => {
    expect(files.length).toBeGreaterThan(150);
    const { filesFound, ingested, rejected, duplicates, accountedFor } = status.inputs;
    expect(filesFound).toBe(files.length);
    expect(ingested + rejected + duplicates).toBe(files.length);
    expect(accountedFor).toBe(true);
    expect(ingested).toBeGreaterThan(100);
  });

  it('gives every rejection a reason code', () => {
    const byReason = Object.values(status.rejections).reduce((a, b) => a + b, 0);
    expect(byReason).toBe(status.inputs.rejected);
    expect(Object.keys(status.rejections).every((r) => /^[A-Z_]+$/.test(r) && r !== 'UNKNOWN')).toBe(true);
    expect(status.rejections['NOT_DICOM']).toBeGreaterThanOrEqual(8);
    expect(status.rejections['TRUNCATED']).toBeGreaterThanOrEqual(2);
  });

  it('indexes every ingested instance and lists the devices with counts', async () => {
    expect(status.stages['indexer']).toMatchObject({ indexed: status.inputs.ingested, pending: 0 });
    const res = await gantry(['inventory', '--json', '--data', dataDir]);
    const { devices } = JSON.parse(res.stdout) as { devices: { manufacturer: string; model: string; instances: number }[] };
    expect(devices.length).toBeGreaterThan(10);
    expect(devices.reduce((n, d) => n + d.instances, 0)).toBe(status.inputs.ingested);
    expect(devices).toContainEqual(expect.objectContaining({ manufacturer: 'GE MEDICAL SYSTEMS', model: 'RHAPSODE' }));
  });

  it('writes no PatientName or PatientID value of the imported files into events or logs', async () => {
    const values = await identifyingValues(PYDICOM_FILES);
    expect(values.length).toBeGreaterThan(10);
    const keys = new KeyRing(await readKeyFile(join(dataDir, 'key')));
    const store: PostgresEventStore = await createEventStore({ embedded: { dataDir: join(dataDir, 'pg') } }, keys);
    let documents = '';
    try {
      const { events } = await store.readAll({ limit: 10_000 });
      expect(events.length).toBeGreaterThan(files.length);
      documents = events.map((e) => `${e.streamId} ${JSON.stringify(e.event)}`).join('\n');
    } finally {
      await store.close();
    }
    const logs = await readFile(join(dataDir, 'logs', 'gantry.log'), 'utf8');
    const leaks = values.filter((v) => documents.includes(v) || logs.includes(v));
    expect(leaks).toEqual([]);
  }, 120_000);

  it('imports the same folder again as duplicates and rejections only, still reconciled', async () => {
    const again = await gantry(['import', PYDICOM_FILES, '--data', dataDir, '--json']);
    const summary = JSON.parse(again.stdout) as { filesFound: number; ingested: number; duplicates: number; rejected: number };
    expect(summary.ingested).toBe(0);
    expect(summary.filesFound).toBe(files.length);
    expect(summary.duplicates + summary.rejected).toBe(files.length);
  }, 300_000);
});
