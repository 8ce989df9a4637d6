import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { INSTANCE_INGESTED, KeyRing, parseDicom } from '@gantry/domain';
import { createEventStore, readKeyFile } from '@gantry/platform';
import { gantry, RunJson } from './support/cli';
import { listFiles, PYDICOM_FILES } from './support/corpus';

const run = promisify(execFile);
const DCMDUMP = '/usr/bin/dcmdump';
const DCIODVFY = '/usr/bin/dciodvfy';


interface ManifestFile {
  path: string;
  sha256: string;
  instanceKey: string;
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** dciodvfy's error lines with values taken out (UIDs and numbers alike: a UID '0' remapped is still the same error). */
async function errorClasses(file: string): Promise<Set<string>> {
  const res = await run(DCIODVFY, [file], { maxBuffer: 16 * 1024 * 1024 }).catch((e: { stdout?: string; stderr?: string }) => e);
  const text = `${res.stdout ?? ''}\n${res.stderr ?? ''}`;
  return new Set(
    text
      .split('\n')
      .filter((l) => l.startsWith('Error'))
      .map((l) => l.replace(/<[^>]*>/g, '<>').replace(/\d+(\.\d+)*/g, 'N').trim()),
  );
}

/**
 * The PatientName (as stored, and spelled with spaces), its family and given names, and the
 * PatientID of a file: what a grep of its export must not find. (Prefix and suffix
 * components such as 'pre' are left out: as substrings they occur in defined terms like
 * PREDECESSOR.)
 */
function identity(bytes: Uint8Array): string[] {
  const ds = parseDicom(bytes, { untilPixelData: true }).dataset;
  const name = ds.string('PatientName') ?? '';
  const id = ds.string('PatientID') ?? '';
  const [family = '', given = ''] = name.split('^');
  return [name, name.replace(/\^+/g, ' '), family, given, id].map((v) => v.trim()).filter((v) => v.length >= 3 && !/^anonymi[sz]ed$|^anonymous$/i.test(v));
}

/** Acceptance of issue 5 over the pydicom test files: `gantry run --json` on the embedded default. */
describe('gantry run over the pydicom test files (embedded default)', () => {
  let root: string;
  let out: string;
  let data: string;
  let files: string[];
  let summary: RunJson;
  let manifest: ManifestFile[];
  /** Input bytes by sha256, and the sha256 each instance was ingested with. */
  const inputs = new Map<string, string>();
  const ingestedSha = new Map<string, string>();

  beforeAll(async () => {
    for (const tool of [DCMDUMP, DCIODVFY]) if (!existsSync(tool)) throw new Error(`${tool} is not installed`);
    root = await mkdtemp(join(tmpdir(), 'gantry-run-pydicom-'));
    [out, data] = [join(root, 'out'), join(root, 'data')];
    files = await listFiles(PYDICOM_FILES);
    for (const f of files) inputs.set(sha256(await readFile(f)), f);
    const res = await gantry(['run', PYDICOM_FILES, '--out', out, '--data', data, '--json']);
    expect({ code: res.code, stderr: res.stderr.replace(/gantry: WARNING: created a new deployment key[^\n]*\n/, '') }).toEqual({ code: 0, stderr: '' });
    summary = JSON.parse(res.stdout) as RunJson;
    manifest = (JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as { files: ManifestFile[] }).files;
    const store = await createEventStore({ embedded: { dataDir: join(data, 'pg') } }, new KeyRing(await readKeyFile(join(data, 'key'))));
    try {
      const { events } = await store.readAll({ limit: 10_000, types: [INSTANCE_INGESTED] });
      for (const { event } of events) if (event.type === INSTANCE_INGESTED) ingestedSha.set(event.data.key, event.data.sha256);
    } finally {
      await store.close();
    }
  }, 600_000);

  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('accounts for every file: found = ingested + rejected + duplicates, ingested = exported + blocked + held', () => {
    expect(Object.keys(summary).sort()).toEqual(['blocked', 'duplicates', 'exported', 'filesPerSecond', 'held', 'ingested', 'reasons', 'rejected', 'seconds'].sort());
    expect(summary.ingested + summary.rejected + summary.duplicates).toBe(files.length);
    expect(summary.exported + summary.blocked + summary.held).toBe(summary.ingested);
    expect(summary.reasons.unaccounted).toEqual({});
    expect(Object.values(summary.reasons.rejected).reduce((a, b) => a + b, 0)).toBe(summary.rejected);
    expect(summary.exported).toBeGreaterThan(50);
    expect(manifest).toHaveLength(summary.exported);
  });

  it('exports files that dcmdump parses, whose sha256 the manifest states', async () => {
    for (const m of manifest) {
      const path = join(out, m.path);
      expect({ path: m.path, sha256: sha256(await readFile(path)) }).toEqual({ path: m.path, sha256: m.sha256 });
      const dump = await run(DCMDUMP, ['-q', path], { maxBuffer: 64 * 1024 * 1024 }).then(() => 0, (e: { code?: number }) => e.code ?? 1);
      expect({ path: m.path, dcmdump: dump }).toEqual({ path: m.path, dcmdump: 0 });
    }
  }, 600_000);

  it('introduces no new dciodvfy error class and carries neither the original PatientName nor PatientID', async () => {
    const introduced: Record<string, string[]> = {};
    const leaks: Record<string, string[]> = {};
    for (const m of manifest) {
      const input = inputs.get(ingestedSha.get(m.instanceKey) ?? '');
      expect(input).toBeDefined();
      const before = await errorClasses(input!);
      const added = [...(await errorClasses(join(out, m.path)))].filter((c) => !before.has(c));
      if (added.length) introduced[m.path] = added;
      const text = (await readFile(join(out, m.path))).toString('latin1').toLowerCase();
      const found = identity(await readFile(input!)).filter((v) => text.includes(v.toLowerCase()));
      if (found.length) leaks[m.path] = found.map(() => '(value withheld)');
    }
    expect(introduced).toEqual({});
    expect(leaks).toEqual({});
  }, 900_000);

  it('exports nothing new and changes nothing when run again with the same key and data dir', async () => {
    const before = await listFiles(out);
    const mtimes = async (): Promise<number[]> => Promise.all(before.map(async (f) => (await stat(f)).mtimeMs));
    const stamps = await mtimes();
    const res = await gantry(['run', PYDICOM_FILES, '--out', out, '--data', data, '--json']);
    expect(res.code).toBe(0);
    const again = JSON.parse(res.stdout) as RunJson;
    expect(again).toMatchObject({ ingested: 0, exported: 0, blocked: 0, held: 0 });
    expect(again.duplicates + again.rejected).toBe(files.length);
    expect(await listFiles(out)).toEqual(before);
    expect(await mtimes()).toEqual(stamps);
  }, 600_000);
});
