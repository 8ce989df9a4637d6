import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decodeFrames, parseDicom } from '@gantry/domain';
import { gantry } from './support/cli';
import { listFiles } from './support/corpus';

/** CTP's library, from the repository's snapshot of ../shared (the product never reads either). */
const CTP_SCRIPT = resolve(__dirname, '../../shared-snapshot/reference/ctp/DicomPixelAnonymizer.script');

interface Status {
  stages: Record<string, Record<string, number>>;
}

/**
 * The redaction workflow with the `gantry` command on the embedded default: the demo's
 * Philips ultrasound is at risk, so it is held and not exported; the scaffold lists it with
 * its at-risk count; applying its completed rule releases the held images without a
 * re-import, and the next export writes them redacted.
 */
describe('gantry redaction on the embedded default (demo data)', () => {
  let root: string;
  let data: string;
  const run = (...args: string[]) => gantry([...args, '--data', data]);
  const status = async (): Promise<Status> => JSON.parse((await run('status', '--json')).stdout) as Status;
  const exportedModalities = async (): Promise<string[]> => {
    const files = (await listFiles(join(root, 'out'))).filter((f) => f.endsWith('.dcm'));
    return Promise.all(files.map(async (f) => parseDicom(await readFile(f)).dataset.string('Modality') ?? ''));
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'gantry-redact-cli-'));
    data = join(root, 'data');
    expect(await gantry(['demo-data', join(root, 'samples')])).toMatchObject({ code: 0 });
    expect(await run('import', join(root, 'samples'))).toMatchObject({ code: 0 });
  }, 300_000);

  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('holds the at-risk Philips ultrasound images and exports only the others', async () => {
    expect((await status()).stages['redactor']).toMatchObject({ redacted: 36, held: 12, deadLettered: 0, pending: 0 });
    expect(await run('export', join(root, 'out'))).toMatchObject({ code: 0 });
    const modalities = await exportedModalities();
    expect(modalities).toHaveLength(36);
    expect(modalities).not.toContain('US');
  }, 120_000);

  it('scaffolds one entry per machine with image and at-risk counts; the ultrasound still needs its zones', async () => {
    const file = join(root, 'rules.yaml');
    const res = await run('redaction', 'scaffold', file, '--json');
    expect(res.code).toBe(0);
    const scaffold = JSON.parse(res.stdout) as { machines: { manufacturer: string; instances: number; atRisk: number; geometries: { suggestion: unknown; coveredBy: unknown }[] }[] };
    expect(scaffold.machines.map((m) => [m.manufacturer, m.instances, m.atRisk]).sort()).toEqual([
      ['FUJIFILM', 12, 0], ['GE MEDICAL SYSTEMS', 12, 0], ['Philips', 12, 12], ['SIEMENS', 12, 0],
    ]);
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/# Philips EPIQ 7, serial US-1203 \[US\]: 12 image\(s\), 12 at risk/);
    expect(text).toContain('# - id: philips-epiq-7-us-1203');
    expect(await run('redaction', 'scaffold', file)).toMatchObject({ code: 2 });
  }, 120_000);

  it('applying the completed scaffold releases the held images without a re-import; export writes them redacted', async () => {
    const completed = (await readFile(join(root, 'rules.yaml'), 'utf8'))
      .replace(/ {2}machines: \[\].*/, '  machines:')
      .replace(/^ {4}# (- id| {2}match| {2}zones)/gm, '    $1')
      .replace(/^( {6}zones: )\[\].*$/m, '$1[{ x: 0, y: 0, width: 640, height: 40 }]');
    await writeFile(join(root, 'completed.yaml'), completed);
    const applied = await run('redaction', 'apply', join(root, 'completed.yaml'));
    expect(applied).toMatchObject({ code: 0 });
    expect(applied.stdout).toContain('installed configuration version 1');
    expect(applied.stdout).toContain('held now: 0 image(s)');
    expect((await status()).stages['redactor']).toMatchObject({ redacted: 48, held: 0 });
    expect(await run('export', join(root, 'out'))).toMatchObject({ code: 0 });
    const files = (await listFiles(join(root, 'out'))).filter((f) => f.endsWith('.dcm'));
    const us = (await Promise.all(files.map(async (f) => parseDicom(await readFile(f))))).filter((o) => o.dataset.string('Modality') === 'US');
    expect(us).toHaveLength(12);
    for (const obj of us) {
      expect(obj.dataset.string('BurnedInAnnotation')).toBe('NO');
      const { frames, info } = await decodeFrames(obj);
      expect(frames).toHaveLength(3);
      const band = 40 * info.columns * info.samplesPerPixel;
      for (const f of frames) expect(f.subarray(0, band).every((b) => b === 0)).toBe(true);
    }
    expect(await run('redaction', 'apply', join(root, 'completed.yaml'))).toMatchObject({ code: 0, stdout: expect.stringContaining('unchanged') });
  }, 180_000);

  it('imports all 52 signatures of CTP\'s script and applies them as further rules', async () => {
    expect(CTP_SCRIPT).not.toBe('');
    const out = join(root, 'ctp.yaml');
    const res = await run('redaction', 'import-ctp', CTP_SCRIPT, '-o', out, '--strict');
    expect(res).toMatchObject({ code: 0 });
    expect(res.stdout).toContain('52 signature(s): 52 converted, 0 not converted');
    const applied = await run('redaction', 'apply', out, '--json');
    expect(applied.code).toBe(0);
    expect(JSON.parse(applied.stdout)).toMatchObject({ installed: true, version: 2, rulesInFile: 52, rulesActive: 53, held: 0 });
  }, 120_000);

  it('reports a rule set problem by pointer and exits 2', async () => {
    await writeFile(join(root, 'bad.yaml'), 'redaction:\n  machines:\n    - match: { manufacturer: "X", model: "*", serial: "*" }\n      zones: [{ x: -1, y: 0, width: 5, height: 5 }]\n');
    const res = await run('redaction', 'apply', join(root, 'bad.yaml'));
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('/redaction/machines/0/zones/0/x: must be >= 0');
  }, 60_000);
});
