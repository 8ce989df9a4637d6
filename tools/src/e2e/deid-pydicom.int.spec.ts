import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INSTANCE_INGESTED, INSTANCE_REMEDIATED, KeyRing, parseDicom, writeDicom } from '@gantry/domain';
import { createEventStore, readKeyFile } from '@gantry/platform';
import { gantry } from './support/cli';
import { PYDICOM_FILES } from './support/corpus';
import { dciodvfyErrorClasses, tool } from './support/deid';

interface Pair {
  key: string;
  raw: string;
  remediated: string;
}

/**
 * The pydicom test files through `gantry import` (embedded default, Basic Profile): every
 * ingested instance is remediated, DCMTK reads every output, and dciodvfy finds in no
 * output an error class its input did not already have.
 */
describe('remediation of the pydicom test files: dciodvfy finds no new error class', () => {
  let root: string;
  let data: string;
  let pairs: Pair[] = [];
  const report: string[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'gantry-deid-pydicom-'));
    data = join(root, 'data');
    expect((await gantry(['import', PYDICOM_FILES, '--data', data])).code).toBe(0);
    const store = await createEventStore({ embedded: { dataDir: join(data, 'pg') } }, new KeyRing(await readKeyFile(join(data, 'key'))));
    try {
      const { events } = await store.readAll({ limit: 10_000, types: [INSTANCE_INGESTED, INSTANCE_REMEDIATED] });
      const raw = new Map<string, string>();
      for (const { event: e } of events) if (e.type === INSTANCE_INGESTED) raw.set(e.data.key, e.data.blobKey);
      pairs = events.flatMap(({ event: e }) =>
        e.type === INSTANCE_REMEDIATED ? [{ key: e.data.key, raw: join(data, 'blobs', raw.get(e.data.key) ?? 'missing'), remediated: join(data, 'blobs', e.data.blobKey) }] : [],
      );
      expect(raw.size).toBeGreaterThan(100);
      expect(pairs).toHaveLength(raw.size);
    } finally {
      await store.close();
    }
  }, 300_000);
  afterAll(async () => {
    process.stdout.write(`\npydicom remediation vs dciodvfy:\n${report.join('\n')}\n`);
    if (root) await rm(root, { recursive: true, force: true });
  });

  /**
   * The input's error classes. dciodvfy cannot read a deflated data set or one in another
   * VR encoding than declared, so such an input is first rewritten unchanged (dcmconv +te,
   * or failing that our writer) to see the errors it really has.
   */
  async function inputClasses(pair: Pair): Promise<Set<string>> {
    const direct = dciodvfyErrorClasses(pair.raw);
    if (![...direct].some((e) => e.includes('Dicom dataset read failed'))) return direct;
    const readable = join(root, `${pair.key}.baseline.dcm`);
    if (tool('dcmconv', ['+te', pair.raw, readable]).status === 0) return dciodvfyErrorClasses(readable);
    await writeFile(readable, writeDicom(parseDicom(await readFile(pair.raw))));
    return dciodvfyErrorClasses(readable);
  }

  it('has the tools it needs and remediated every ingested instance', () => {
    for (const t of ['dciodvfy', 'dcmdump', 'dcmconv']) expect(tool(t, ['--version']).status).not.toBeNull();
    expect(pairs.length).toBeGreaterThan(100);
  });

  it('every output is read by DCMTK without error and adds no dciodvfy error class', async () => {
    let inputsWithErrors = 0;
    const added: { key: string; classes: string[] }[] = [];
    for (const pair of pairs) {
      const dump = tool('dcmdump', [pair.remediated]);
      expect({ key: pair.key, status: dump.status, errors: dump.out.split('\n').filter((l) => l.startsWith('E:')) }).toEqual({ key: pair.key, status: 0, errors: [] });
      const before = await inputClasses(pair);
      if (before.size > 0) inputsWithErrors++;
      const introduced = [...dciodvfyErrorClasses(pair.remediated)].filter((c) => !before.has(c));
      if (introduced.length > 0) added.push({ key: pair.key, classes: introduced });
    }
    report.push(`  ${pairs.length} outputs checked; ${inputsWithErrors} inputs already had dciodvfy errors; ${added.length} outputs with a new error class`);
    expect(added).toEqual([]);
  }, 300_000);
});
