import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DicomBuilder, parseDicom } from '@gantry/domain';
import { gantry, RunJson } from './support/cli';
import { listFiles } from './support/corpus';

/** Invented patients whose identifiers are planted everywhere an identifier can hide. */
const PATIENTS = [
  { name: 'QUIMBY^ZEPHYRINE^ODALYS', id: 'ZQ4477120', other: 'OTHZ55102', birth: '19520317', accession: 'AZQ88231', issuer: 'NORTHWOOD CLINIC', written: ['17/03/1952', '1952-03-17', '17 Mar 1952'] },
  { name: 'VANTERPOOL^BARNABY', id: 'VB9031177', other: 'OTHV22871', birth: '19811104', accession: 'AVB66120', issuer: 'SOUTHMERE GENERAL', written: ['04/11/1981', '1981-11-04', 'November 4, 1981'] },
];
type Patient = (typeof PATIENTS)[number];

const given = (p: Patient): string => p.name.split('^')[1] ?? '';
const family = (p: Patient): string => p.name.split('^')[0] ?? '';

/** A CT with the patient in descriptions, comments, nested sequences three deep, SR text and private elements. */
function ct(p: Patient, n: number): Uint8Array {
  const sentence = `${given(p)} ${family(p)} (${p.id}), born ${p.written[0]}, accession ${p.accession}`;
  return new DicomBuilder({ seed: `${p.id}-ct-${n}` })
    .patient({ name: p.name, id: p.id, birthDate: p.birth, sex: 'F', otherIds: [p.other], comments: `${given(p)} prefers mornings` })
    .study({ accession: p.accession, description: `CT chest for ${sentence}`, referringPhysician: `${family(p)}^DOCTOR` })
    .series({ modality: 'CT', description: `${family(p)} ${p.written[1]}` })
    .equipment({ manufacturer: 'ACME MEDICAL', model: 'TOMO 64', serial: 'CT-1', institution: p.issuer, station: `${family(p)}-PC` })
    .instance({ number: n })
    .set('IssuerOfPatientID', 'LO', p.issuer)
    .set('OtherPatientNames', 'PN', `${family(p)}^${given(p).slice(0, 3)}`)
    .set('PatientAddress', 'LO', `12 ${family(p)} Lane`)
    .set('ImageComments', 'LT', `${sentence}; seen ${p.written[2]}`)
    .set('AnatomicRegionSequence', 'SQ', [{ CodeValue: 'T-D0000', AnatomicRegionModifierSequence: [{ ConceptNameCodeSequence: [{ CodeValue: p.id, CodingSchemeDesignator: 'DCM', CodeMeaning: `Region of ${given(p)}`, PatientID: p.id }] }] }])
    .set('ContentSequence', 'SQ', [{ ValueType: 'CONTAINER', ContentSequence: [{ ValueType: 'TEXT', TextValue: `Report: ${sentence}` }, { ValueType: 'PNAME', PersonName: { vr: 'PN', value: p.name } }, { ValueType: 'DATE', Date: { vr: 'DA', value: p.birth } }] }])
    .set('RequestAttributesSequence', 'SQ', [{ AccessionNumber: p.accession, RequestedProcedureID: p.other, RequestedProcedureDescription: `for ${family(p)}` }])
    .private(0x0009, 'ACME PRIVATE', 0x10, 'LO', sentence.slice(0, 64))
    .private(0x0009, 'ACME PRIVATE', 0x11, 'SQ', [{ PatientName: p.name }])
    .private(0x0019, 'GEMS_ACQU_01', 0x9c, 'LO', `SEQ ${family(p)}`)
    .pixels({ rows: 64, columns: 64, bitsAllocated: 16 })
    .toBytes();
}

/** An ultrasound frame with the patient's name and ID burned into its top rows (as bytes, so a grep finds them). */
function ultrasound(p: Patient): Uint8Array {
  const banner = ` ${p.name.replace(/\^/g, ' ')} ${p.id} ${p.written[0]} `;
  return new DicomBuilder({ seed: `${p.id}-us` })
    .patient({ name: p.name, id: p.id, birthDate: p.birth, sex: 'F' })
    .study({ accession: p.accession, description: `echo ${family(p)}` })
    .series({ modality: 'US' })
    .equipment({ manufacturer: 'ACME ULTRASOUND', model: 'SONO 7', serial: 'US-7' })
    .set('BurnedInAnnotation', 'CS', 'YES')
    .pixels({ rows: 48, columns: 160, bitsAllocated: 8, samplesPerPixel: 1, photometric: 'MONOCHROME2', pattern: (x, y) => (y < 12 ? banner.charCodeAt(x % banner.length) : 60) })
    .toBytes();
}

/** A secondary capture from a device no rule covers: it must be held, not exported. */
function unknownScreen(p: Patient): Uint8Array {
  return new DicomBuilder({ seed: `${p.id}-sc` })
    .patient({ name: p.name, id: p.id, birthDate: p.birth })
    .series({ modality: 'SC' })
    .equipment({ manufacturer: 'UNKNOWN VENDOR', model: 'GRABBER', serial: 'X-1' })
    .pixels({ rows: 16, columns: 16, bitsAllocated: 8 })
    .toBytes();
}

const CONFIG = `
version: 1
deid:
  options: { cleanDescriptors: true, cleanStructuredContent: true }
redaction:
  machines:
    - id: acme-sono
      match: { manufacturer: "ACME ULTRASOUND", model: "SONO*", serial: "*" }
      zones: [{ x: 0, y: 0, width: 160, height: 12 }]
`;


const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Every planted value, and each object's original UIDs, lower-cased: none may be in an exported byte. */
async function plantedTokens(inputs: readonly string[]): Promise<string[]> {
  const tokens = new Set<string>();
  for (const p of PATIENTS) {
    for (const v of [...p.name.split('^'), p.id, p.other, p.birth, p.accession, p.issuer, ...p.written]) tokens.add(v.toLowerCase());
  }
  for (const f of inputs) {
    const ds = parseDicom(await readFile(f)).dataset;
    for (const k of ['StudyInstanceUID', 'SeriesInstanceUID', 'SOPInstanceUID', 'FrameOfReferenceUID']) if (ds.string(k)) tokens.add(ds.string(k) as string);
  }
  return [...tokens];
}

function leaks(bytes: Buffer, tokens: readonly string[]): string[] {
  const latin1 = bytes.toString('latin1').toLowerCase();
  const utf8 = bytes.toString('utf8').toLowerCase();
  return tokens.filter((t) => latin1.includes(t) || utf8.includes(t));
}

describe('gantry run on builder fixtures with PHI planted everywhere (embedded default)', () => {
  let root: string;
  let input: string;
  let out: string;
  let data: string;
  let summary: RunJson;
  let dicomInputs: string[];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'gantry-run-planted-'));
    [input, out, data] = [join(root, 'in'), join(root, 'out'), join(root, 'data')];
    await mkdir(join(input, 'nested', 'deeper'), { recursive: true });
    dicomInputs = [];
    for (const [i, p] of PATIENTS.entries()) {
      const files: [string, Uint8Array][] = [[`ct-${i}-1.dcm`, ct(p, 1)], [`nested/ct-${i}-2.dcm`, ct(p, 2)], [`nested/deeper/us-${i}.dcm`, ultrasound(p)]];
      for (const [name, bytes] of files) {
        await writeFile(join(input, name), bytes);
        dicomInputs.push(join(input, name));
      }
    }
    await writeFile(join(input, 'screen.dcm'), unknownScreen(PATIENTS[0]!));
    dicomInputs.push(join(input, 'screen.dcm'));
    await copyFile(join(input, 'ct-0-1.dcm'), join(input, 'nested', 'copy-of-ct.dcm'));
    await writeFile(join(input, 'notes.txt'), `call ${PATIENTS[0]!.name} back`);
    await writeFile(join(root, 'gantry.yaml'), CONFIG);
    const res = await gantry(['run', input, '--out', out, '--config', join(root, 'gantry.yaml'), '--data', data, '--json']);
    expect(res.code).toBe(0);
    summary = JSON.parse(res.stdout) as RunJson;
  }, 300_000);

  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('reconciles: every file has an outcome, every ingested instance is exported, blocked or held', () => {
    expect(summary).toMatchObject({ ingested: 7, rejected: 1, duplicates: 1, exported: 6, blocked: 0, held: 1 });
    expect(summary.reasons).toEqual({ rejected: { NOT_DICOM: 1 }, blocked: {}, held: { NO_MATCHING_RULE: 1 }, unaccounted: {} });
  });

  it('writes no planted value and no original UID into any exported byte, burned-in text included', async () => {
    const tokens = await plantedTokens(dicomInputs);
    expect(tokens.length).toBeGreaterThan(30);
    // The search can fail: every input holds planted values, the ultrasound pixels included.
    for (const f of dicomInputs) expect(leaks(await readFile(f), tokens).length).toBeGreaterThan(0);
    const exported = (await listFiles(out)).filter((f) => f.endsWith('.dcm'));
    expect(exported).toHaveLength(6);
    for (const f of exported) expect({ file: relative(out, f), leaks: leaks(await readFile(f), tokens) }).toEqual({ file: relative(out, f), leaks: [] });
    for (const f of ['manifest.json', 'manifest.csv']) expect(leaks(await readFile(join(out, f)), tokens)).toEqual([]);
  });

  it('lists every exported file in the manifests with the sha256 of its bytes', async () => {
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as { files: { path: string; sha256: string; size: number }[] };
    const onDisk = (await listFiles(out)).filter((f) => f.endsWith('.dcm')).map((f) => relative(out, f)).sort();
    expect(manifest.files.map((f) => f.path).sort()).toEqual(onDisk);
    for (const f of manifest.files) {
      const bytes = await readFile(join(out, f.path));
      expect({ path: f.path, sha256: sha256(bytes), size: bytes.length }).toEqual({ path: f.path, sha256: f.sha256, size: f.size });
    }
    const csv = (await readFile(join(out, 'manifest.csv'), 'utf8')).trim().split('\r\n');
    expect(csv.slice(1).map((l) => l.split(',').slice(0, 2).join(',')).sort()).toEqual(manifest.files.map((f) => `${f.path},${f.sha256}`).sort());
  });

  it('redacts the burned-in banner and records the rule', async () => {
    const res = await gantry(['audit', '--data', data, '--json']);
    const { inputs } = JSON.parse(res.stdout) as { inputs: { entries: { event: string; detail: Record<string, unknown> }[] }[] };
    const redacted = inputs.flatMap((i) => i.entries).filter((e) => e.event === 'instance.redacted' && e.detail['ruleId'] === 'acme-sono');
    expect(redacted).toHaveLength(2);
  }, 60_000);

  it('runs again as duplicates only; --strict then fails on the rejected file, after printing the summary', async () => {
    const res = await gantry(['run', input, '--out', out, '--config', join(root, 'gantry.yaml'), '--data', data, '--json', '--strict']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/gantry: STRICT: 1 input\(s\) were rejected, blocked or held/);
    expect(JSON.parse(res.stdout)).toMatchObject({ ingested: 0, duplicates: 8, rejected: 1, exported: 0, blocked: 0, held: 0 });
  }, 120_000);

  it('answers usage and configuration errors with exit 2 and a clear message', async () => {
    expect(await gantry(['run', input, '--data', data])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--out/) });
    expect(await gantry(['run', join(root, 'missing'), '--out', out, '--data', data])).toMatchObject({ code: 2, stderr: expect.stringMatching(/no such file or folder/) });
    expect(await gantry(['run', input, '--out', 'dicom://@host:1', '--data', data])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--out: a DICOM target reads/) });
    expect(await gantry(['run', input, '--out', join(input, 'clean'), '--data', data])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--out must not be inside an input folder/) });
    expect(await gantry(['run', root, '--out', join(tmpdir(), 'x'), '--data', data])).toMatchObject({ code: 2, stderr: expect.stringMatching(/data directory .* must not be inside an input folder/) });
    await writeFile(join(root, 'bad.yaml'), 'version: 1\ndeid: { options: { retainUIDs: "yes" } }\n');
    expect(await gantry(['run', input, '--out', out, '--config', join(root, 'bad.yaml'), '--data', data])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/invalid configuration\n {2}- \/deid\/options\/retainUIDs: must be boolean/),
    });
  }, 120_000);
});
