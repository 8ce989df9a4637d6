import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDicom } from '@gantry/domain';
import { gantry } from './support/cli';
import { listFiles } from './support/corpus';
import { fixedKey, remediatedFiles, writePlanted } from './support/deid';
import { PHI, plantedTokensIn } from './support/planted-phi';

interface ScanJson {
  scope: string;
  inputs: number;
  scanned: number;
  unreadable: Record<string, number>;
  byRule: Record<string, number>;
  byTag: Record<string, number>;
  byReason: Record<string, number>;
  details?: { source: string; path: string; value: string }[];
}

/**
 * The de-identification commands on the embedded default, run as a user runs them: the
 * key warning, `config set/show`, `scan` (files and ingested, --json/--csv/--details/--rules),
 * `import` through inspector and remediator, `status`, and `mapping export`.
 */
describe('gantry config, scan, import and mapping export (embedded default)', () => {
  let root: string;
  let input: string;
  let data: string;
  const run = (args: string[]) => gantry([...args, '--data', data]);

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'gantry-deid-cli-'));
    input = join(root, 'in');
    data = join(root, 'data');
    await writePlanted(input);
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('creates the deployment key on first use and tells the terminal to back it up, once', async () => {
    const first = await run(['config', 'show']);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/WARNING: created a new deployment key at .*key \(fingerprint [0-9a-f]{16}\)\. Back this file up/);
    expect((await stat(join(data, 'key'))).mode & 0o777).toBe(0o600);
    expect(first.stdout).toMatch(/^# version 0, hash [0-9a-f]{64}\nversion: 1\n/);
    const second = await run(['config', 'show']);
    expect(second.stderr).not.toMatch(/WARNING/);
  }, 60_000);

  it('refuses an invalid configuration with exit 2, naming the JSON pointer and what was expected', async () => {
    await writeFile(join(root, 'bad.yaml'), 'version: 1\ndeid:\n  dateShift: { minDays: soon }\n  options: { retainEverything: true }\n');
    const res = await run(['config', 'set', join(root, 'bad.yaml')]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('/deid/dateShift/minDays: must be integer');
    expect(res.stderr).toContain('/deid/options/retainEverything: is not allowed');
    expect(res.stderr).not.toContain('soon');
  }, 60_000);

  it('installs a YAML configuration as version 1, once, and shows it as YAML and JSON', async () => {
    const yaml = 'version: 1\ndeid:\n  options:\n    retainLongitudinalModifiedDates: true\n    cleanDescriptors: true\n  pseudonyms: { patientIdPrefix: "ZZ-" }\n';
    await writeFile(join(root, 'config.yaml'), yaml);
    const set = await run(['config', 'set', join(root, 'config.yaml')]);
    expect(set).toMatchObject({ code: 0 });
    expect(set.stdout).toMatch(/installed configuration version 1 \(hash [0-9a-f]{64}\)/);
    const again = await run(['config', 'set', join(root, 'config.yaml'), '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ installed: false, version: 1 });
    const shown = await run(['config', 'show']);
    expect(shown.stdout).toMatch(/^# version 1, hash /);
    expect(shown.stdout).toContain('retainLongitudinalModifiedDates: true');
    const json = JSON.parse((await run(['config', 'show', '--json'])).stdout) as { version: number; config: { deid: { pseudonyms: { patientIdPrefix: string } } } };
    expect(json.version).toBe(1);
    expect(json.config.deid.pseudonyms.patientIdPrefix).toBe('ZZ-');
  }, 60_000);

  it('scans files in place: counts by rule, tag and reason, no value printed, nothing recorded', async () => {
    const res = await run(['scan', input, '--json']);
    expect(res.code).toBe(0);
    const report = JSON.parse(res.stdout) as ScanJson;
    expect(report).toMatchObject({ scope: 'files', inputs: 7, scanned: 7, unreadable: {} });
    expect(report.byRule['pseudonym:patient-id']).toBe(7);
    expect(report.byTag['(0010,0010) PatientName']).toBe(7);
    expect(report.byReason['IDENTIFIER_IN_TEXT']).toBeGreaterThanOrEqual(7);
    expect(report.byReason['PRIVATE_UNSAFE']).toBeGreaterThanOrEqual(7);
    expect(report.details).toBeUndefined();
    expect(plantedTokensIn(Buffer.from(res.stdout))).toEqual([]);
    const status = JSON.parse((await run(['status', '--json'])).stdout) as { inputs: { received: number } };
    expect(status.inputs.received).toBe(0);
  }, 60_000);

  it('prints values only with --details, on stdout, and never into the log', async () => {
    const text = await run(['scan', join(input, 'study0', 'ct0.dcm'), '--details']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('VALUE');
    expect(text.stdout).toContain(PHI.name);
    const csv = await run(['scan', input, '--csv', '--details']);
    expect(csv.stdout.split('\n')[0]).toBe('source,path,keyword,vr,action,rule,reason,value');
    expect(csv.stdout).toContain(`,${PHI.id}`);
    const log = await readFile(join(data, 'logs', 'gantry.log'), 'utf8');
    expect(log.length).toBeGreaterThan(0);
    expect(plantedTokensIn(Buffer.from(log))).toEqual([]);
  }, 60_000);

  it('adds and overrides rules from a --rules file, and points into it when it is invalid', async () => {
    await writeFile(join(root, 'rules.yaml'), '- { id: windmill, pattern: "windmills?", action: X, reason: WINDMILL_TEXT }\n- { id: desc, tag: SeriesDescription, action: K }\n');
    const res = await run(['scan', input, '--csv', '--rules', join(root, 'rules.yaml')]);
    expect(res.code).toBe(0);
    expect(res.stdout.split('\n')[0]).toBe('dimension,key,count');
    expect(res.stdout).toContain('rule,custom:windmill,7');
    expect(res.stdout).toContain('reason,WINDMILL_TEXT,7');
    await writeFile(join(root, 'bad-rules.json'), '[{ "id": "a", "action": "X", "pattern": "(" }, { "id": "b", "action": "Q", "tag": "PatientName" }]');
    const bad = await run(['scan', input, '--rules', join(root, 'bad-rules.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('/0/pattern: must be a valid regular expression');
    expect(bad.stderr).toContain('/1/action: must be one of: X, Z, D, C, K');
  }, 60_000);

  it('imports through inspector and remediator: status shows every instance inspected and remediated', async () => {
    expect((await run(['import', input])).code).toBe(0);
    const status = JSON.parse((await run(['status', '--json'])).stdout) as { stages: Record<string, Record<string, number>> };
    expect(status.stages['inspector']).toMatchObject({ inspected: 7, deadLettered: 0, pending: 0 });
    expect(status.stages['remediator']).toMatchObject({ remediated: 7, deadLettered: 0, pending: 0 });
    const out = await remediatedFiles(data);
    expect(out).toHaveLength(7);
    for (const file of out) {
      const bytes = await readFile(file);
      expect({ file, tokens: plantedTokensIn(bytes) }).toEqual({ file, tokens: [] });
      expect(parseDicom(bytes).dataset.string('PatientID')).toMatch(/^ZZ-[A-Z2-7]{16}$/);
    }
  }, 120_000);

  it('scans every ingested instance when given no path', async () => {
    const report = JSON.parse((await run(['scan', '--json'])).stdout) as ScanJson;
    expect(report).toMatchObject({ scope: 'ingested', inputs: 7, scanned: 7 });
  }, 60_000);

  it('exports the pseudonym map with the deployment key as MIDI-B CSV (id_old,id_new and uid_old,uid_new)', async () => {
    const res = await gantry(['mapping', 'export', '--csv', '--data', data, '--key', join(data, 'key')]);
    expect(res.code).toBe(0);
    const [ids, uids] = res.stdout.trim().split('\n\n');
    const idLines = (ids ?? '').split('\n');
    expect(idLines[0]).toBe('id_old,id_new');
    expect(idLines.slice(1)).toEqual([expect.stringMatching(new RegExp(`^${PHI.id},ZZ-[A-Z2-7]{16}$`))]);
    const uidLines = (uids ?? '').split('\n');
    expect(uidLines[0]).toBe('uid_old,uid_new');
    const originals = await Promise.all((await listFiles(input)).map(async (f) => parseDicom(await readFile(f)).dataset.string('SOPInstanceUID')));
    const mapped = new Map(uidLines.slice(1).map((l) => l.split(',') as [string, string]));
    for (const uid of originals) expect(mapped.get(uid as string)).toMatch(/^2\.25\.\d+$/);
    expect(mapped.get('2.25.77000')).toMatch(/^2\.25\.\d+$/);
    await gantry(['mapping', 'export', '--kind', 'uid', '--out', join(root, 'map'), '--data', data]);
    expect((await stat(join(root, 'map', 'uid_mapping.csv'))).mode & 0o777).toBe(0o600);
    expect((await readFile(join(root, 'map', 'uid_mapping.csv'), 'utf8')).split('\n')[0]).toBe('uid_old,uid_new');
  }, 60_000);

  it('refuses to decrypt the map with another deployment key', async () => {
    const other = await fixedKey(join(root, 'other.key'), 0x42);
    const res = await gantry(['mapping', 'export', '--data', data, '--key', other]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('MAPPING_UNDECRYPTABLE');
    expect(res.stdout).not.toContain(PHI.id);
  }, 60_000);
});
