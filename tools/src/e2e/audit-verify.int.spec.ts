import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DicomBuilder } from '@gantry/domain';
import { createTestEnvironment, TestEnvironment } from '@gantry/testing';
import { gantry } from './support/cli';
import { listFiles } from './support/corpus';

const PATIENT = { name: 'AUDITSON^PERPETUA', id: 'AP7733120' };

function instance(seed: string, modality: 'CT' | 'US'): Uint8Array {
  return new DicomBuilder({ seed })
    .patient({ ...PATIENT, birthDate: '19660101' })
    .study({ accession: 'AAP11923', description: `for ${PATIENT.name}` })
    .series({ modality })
    .pixels({ rows: 16, columns: 16, bitsAllocated: 8 })
    .toBytes();
}

interface AuditJson {
  inputs: { stream: string; entries: { stage: string; event: string; configVersion: number | null; detail: Record<string, unknown> }[] }[];
}

/**
 * The compliance commands on real Postgres, through the built CLI: audit (each input's
 * history), audit verify (an edited row is detected and its stream named), report,
 * validate, and export of what is ready to another destination.
 */
describe('audit, report, validate and export commands (real Postgres)', () => {
  let env: TestEnvironment;
  let dir: string;
  let cli: Record<string, string>;

  beforeAll(async () => {
    env = await createTestEnvironment();
    cli = env.env;
    dir = await mkdtemp(join(tmpdir(), 'gantry-audit-'));
    await writeFile(join(dir, 'ct-1.dcm'), instance('audit-1', 'CT'));
    await writeFile(join(dir, 'ct-2.dcm'), instance('audit-2', 'CT'));
    await writeFile(join(dir, 'us-1.dcm'), instance('audit-3', 'US'));
    await writeFile(join(dir, 'junk.dcm'), 'not dicom at all');
    const res = await gantry(['run', join(dir, 'ct-1.dcm'), join(dir, 'ct-2.dcm'), join(dir, 'us-1.dcm'), join(dir, 'junk.dcm'), '--out', join(dir, 'out'), '--json'], cli);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ ingested: 3, rejected: 1, exported: 2, held: 1 });
  }, 300_000);

  afterAll(async () => {
    await env?.cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('gives each input its history: what happened, when, which stage, which configuration version', async () => {
    const res = await gantry(['audit', '--json'], cli);
    expect(res.code).toBe(0);
    const { inputs } = JSON.parse(res.stdout) as AuditJson;
    expect(inputs).toHaveLength(4);
    const exported = inputs.filter((i) => i.entries.some((e) => e.event === 'instance.exported'));
    expect(exported).toHaveLength(2);
    for (const i of exported) {
      expect(i.entries.map((e) => e.stage)).toEqual(['ingest', 'indexer', 'inspector', 'remediator', 'redactor', 'exporter']);
      expect(i.entries.slice(2).every((e) => e.configVersion === 1)).toBe(true);
    }
    expect(inputs.find((i) => i.stream.startsWith('rejected-'))?.entries).toEqual([expect.objectContaining({ stage: 'ingest', event: 'instance.rejected', detail: expect.objectContaining({ reason: 'NOT_DICOM' }) })]);
    const key = exported[0]!.stream.replace('instance-', '');
    const one = await gantry(['audit', '--instance', key], cli);
    expect(one.stdout.split('\n')[0]).toBe(`instance-${key}`);
    expect(one.stdout).toMatch(/exporter\s+instance\.exported\s+config v1\s+destination=/);
    expect(`${res.stdout}${one.stdout}`).not.toMatch(/AUDITSON|PERPETUA|AP7733120/i);
    expect(await gantry(['audit', '--instance', 'not-a-key'], cli)).toMatchObject({ code: 2 });
  }, 120_000);

  it('writes the compliance report as Markdown and HTML, with no patient value in it', async () => {
    expect((await gantry(['report', '--md', '-o', join(dir, 'report.md')], cli)).code).toBe(0);
    expect((await gantry(['report', '--html', '-o', join(dir, 'report.html')], cli)).code).toBe(0);
    const md = await readFile(join(dir, 'report.md'), 'utf8');
    const json = JSON.parse((await gantry(['report', '--json'], cli)).stdout) as { configuration: { hash: string }; tool: { version: string } };
    expect(md).toContain(`| configuration hash (sha256) | ${json.configuration.hash} |`);
    expect(md).toContain(`| tool | gantry ${json.tool.version} |`);
    expect(md).toMatch(/## Findings by rule\n\n\| rule \| action \| reason \| elements \|/);
    expect(md).toMatch(/\| pseudonym:patient-name \| D \| PSEUDONYM \| 3 \|/);
    expect(md).toMatch(/## Held \(pixel redaction\)[\s\S]*\| [0-9a-f]{32} \| [^|]+ \| NO_MATCHING_RULE \| RISKY_MODALITY \| 1 \|/);
    expect(md).toMatch(/## Blocked \(export check\)\n\nnone/);
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(json.configuration.hash);
    expect(`${md}${html}`).not.toMatch(/AUDITSON|PERPETUA|AP7733120/i);
  }, 120_000);

  it('validates files against their IOD, and names unreadable ones', async () => {
    const inputs = ['ct-1.dcm', 'ct-2.dcm', 'us-1.dcm', 'junk.dcm'].map((f) => join(dir, f));
    const res = await gantry(['validate', ...inputs, '--json'], cli);
    expect(res.code).toBe(0);
    const { summary, files } = JSON.parse(res.stdout) as { summary: Record<string, number>; files: { path: string; error?: string; problems?: unknown[] }[] };
    expect(files.find((f) => f.path.endsWith('junk.dcm'))).toEqual({ path: join(dir, 'junk.dcm'), error: 'NOT_DICOM' });
    expect(files.find((f) => f.path.endsWith('ct-1.dcm'))).toMatchObject({ problems: [] });
    expect(summary).toEqual({ files: 4, valid: 3, withProblems: 0, unreadable: 1 });
    expect(await gantry(['validate', ...inputs, '--strict'], cli)).toMatchObject({ code: 1, stderr: expect.stringMatching(/VALIDATION_FAILED/) });
    expect(await gantry(['validate', ...inputs.slice(0, 3), '--strict'], cli)).toMatchObject({ code: 0 });
  }, 60_000);

  it('exports what is ready to another folder, once', async () => {
    const target = join(dir, 'again');
    const first = await gantry(['export', target, '--json'], cli);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ ready: 2, exported: 2, alreadyExported: 0, blocked: 0 });
    const files = (await listFiles(target)).filter((f) => f.endsWith('.dcm'));
    expect(files).toHaveLength(2);
    expect(JSON.parse(await readFile(join(target, 'manifest.json'), 'utf8')).files).toHaveLength(2);
    const second = await gantry(['export', target, '--json'], cli);
    expect(JSON.parse(second.stdout)).toMatchObject({ ready: 2, exported: 0, alreadyExported: 2 });
  }, 120_000);

  it('verifies the hash chains, then detects a row edited in the database and names its stream', async () => {
    expect(await gantry(['audit', 'verify'], cli)).toMatchObject({ code: 0, stdout: expect.stringMatching(/every hash chain verifies/) });
    const db = new Client({ connectionString: env.database.url });
    await db.connect();
    let stream: string;
    try {
      const [row] = (await db.query<{ stream_id: string }>(`select stream_id from events where type = 'gantry.instance.exported.v1' limit 1`)).rows;
      stream = row!.stream_id;
      // What someone with superuser rights could do: switch the append-only trigger off and edit history.
      await db.query('BEGIN');
      await db.query('ALTER TABLE events DISABLE TRIGGER events_append_only');
      await db.query(`UPDATE events SET data = jsonb_set(data, '{location}', '"elsewhere.dcm"') WHERE stream_id = $1 AND type = 'gantry.instance.exported.v1'`, [stream]);
      await db.query('ALTER TABLE events ENABLE TRIGGER events_append_only');
      await db.query('COMMIT');
    } finally {
      await db.end();
    }
    const res = await gantry(['audit', 'verify'], cli);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(`BROKEN ${stream} at position 6 (hash_mismatch)`);
    expect(res.stderr).toContain(`gantry: AUDIT_CHAIN_BROKEN: the audit trail was altered in 1 stream(s): ${stream}`);
    const json = await gantry(['audit', 'verify', '--json'], cli);
    expect(JSON.parse(json.stdout)).toEqual({ ok: false, breaks: [{ stream, position: 6, reason: 'hash_mismatch' }] });
  }, 120_000);
});
