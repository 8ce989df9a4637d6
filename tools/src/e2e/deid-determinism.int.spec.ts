import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DataSet, parseDicom, writeDicom } from '@gantry/domain';
import { gantry } from './support/cli';
import { fixedKey, remediatedFiles, tool, writePlanted } from './support/deid';
import { PHI, plantedTokensIn, STUDY_DATES } from './support/planted-phi';

const CONFIG = `version: 1
deid:
  options:
    retainLongitudinalModifiedDates: true
    retainPatientCharacteristics: true
    cleanDescriptors: true
    cleanStructuredContent: true
`;

const DAY = 86_400_000;
const dayOf = (da: string): number => Date.UTC(Number(da.slice(0, 4)), Number(da.slice(4, 6)) - 1, Number(da.slice(6, 8))) / DAY;

interface Output {
  name: string;
  bytes: Buffer;
  ds: DataSet;
}

async function outputs(data: string): Promise<Output[]> {
  const files = await remediatedFiles(data);
  return Promise.all(files.map(async (f) => { const bytes = await readFile(f); return { name: basename(f), bytes, ds: parseDicom(bytes).dataset }; }));
}

const values = (outs: readonly Output[], keyword: string): Set<string> => new Set(outs.map((o) => o.ds.string(keyword) ?? ''));

/**
 * The planted patient's two studies through import → inspector → remediator under modified
 * dates, three times: twice with one deployment key (separate deployments), once with
 * another. Same key and input must give identical bytes; another key other UIDs and
 * pseudonyms; the day difference between the studies must survive; dcentvfy must find
 * every remediated study consistent.
 */
describe('remediation is keyed, reproducible and longitudinally consistent (embedded default)', () => {
  let root: string;
  let a: Output[];
  let b: Output[];
  let c: Output[];

  async function deploy(name: string, keyByte: number): Promise<Output[]> {
    const data = join(root, name);
    const key = await fixedKey(join(root, `${name}.key`), keyByte);
    expect((await gantry(['config', 'set', join(root, 'config.yaml'), '--data', data, '--key', key])).code).toBe(0);
    expect((await gantry(['import', join(root, 'in'), '--data', data, '--key', key])).code).toBe(0);
    return outputs(data);
  }

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'gantry-determinism-'));
    await writePlanted(join(root, 'in'));
    await writeFile(join(root, 'config.yaml'), CONFIG);
    [a, b, c] = await Promise.all([deploy('a', 0x11), deploy('b', 0x11), deploy('c', 0x22)]);
  }, 240_000);
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('gives byte-identical output for the same input and key, in another deployment', () => {
    expect(a).toHaveLength(7);
    expect(b.map((o) => o.name)).toEqual(a.map((o) => o.name));
    b.forEach((o, i) => expect(Buffer.compare(o.bytes, (a[i] as Output).bytes)).toBe(0));
  });

  it('gives other UIDs and pseudonyms under another key', () => {
    expect(c).toHaveLength(7);
    for (const keyword of ['SOPInstanceUID', 'StudyInstanceUID', 'SeriesInstanceUID', 'FrameOfReferenceUID', 'PatientID', 'PatientName']) {
      const mine = values(a, keyword);
      const theirs = values(c, keyword);
      expect({ keyword, shared: [...mine].filter((v) => v !== '' && theirs.has(v)) }).toEqual({ keyword, shared: [] });
    }
  });

  it('leaves no planted value anywhere in the output bytes (3-deep sequences, private, SR text, descriptions)', () => {
    for (const o of [...a, ...c]) expect({ name: o.name, tokens: plantedTokensIn(o.bytes) }).toEqual({ name: o.name, tokens: [] });
    const report = a.find((o) => o.ds.string('Modality') === 'SR') as Output;
    const text = report.ds.sequence('ContentSequence')?.[0]?.string('TextValue') ?? '';
    expect(text).toMatch(/^Patient \*\*\* \*\*\* \(\*\*\*\), born \*\*\*; see \*\*\*$/);
    for (const o of a) {
      expect(o.ds.string('StudyDescription')).not.toMatch(/zebulon|quixote/i);
      expect(o.ds.findPrivate(0x0009, 'ACME PRIVATE', 0x10)).toBeUndefined();
    }
  });

  it('remaps every UID consistently: references follow their instance, and file meta follows the data set', async () => {
    const report = a.find((o) => o.ds.string('Modality') === 'SR') as Output;
    const reference = report.ds.sequence('ContentSequence')?.[1]?.sequence('ReferencedSOPSequence')?.[0]?.string('ReferencedSOPInstanceUID');
    const original = parseDicom(await readFile(join(root, 'in', 'study0', 'ct0.dcm'))).dataset.string('SOPInstanceUID');
    const target = a.filter((o) => o.ds.string('SOPInstanceUID') === reference);
    expect(target).toHaveLength(1);
    expect(reference).toMatch(/^2\.25\.\d+$/);
    expect(reference).not.toBe(original);
    expect(new Set(a.filter((o) => o.ds.string('Modality') === 'CT').map((o) => o.ds.string('FrameOfReferenceUID'))).size).toBe(2);
    for (const o of a) expect(parseDicom(o.bytes).meta.string('MediaStorageSOPInstanceUID')).toBe(o.ds.string('SOPInstanceUID'));
  });

  it('keeps one patient across studies: one pseudonym, one shifted offset, the day difference unchanged', () => {
    expect(values(a, 'PatientID')).toEqual(new Set([expect.stringMatching(/^GANTRY-[A-Z2-7]{16}$/)]));
    const byStudy = new Map<string, Set<string>>();
    for (const o of a) byStudy.set(o.ds.string('StudyInstanceUID') ?? '', (byStudy.get(o.ds.string('StudyInstanceUID') ?? '') ?? new Set()).add(o.ds.string('StudyDate') ?? ''));
    expect(byStudy.size).toBe(2);
    const dates = [...byStudy.values()].map((s) => { expect(s.size).toBe(1); return [...s][0] as string; }).sort();
    expect(dates).not.toContain(STUDY_DATES[0]);
    expect(dayOf(dates[1] as string) - dayOf(dates[0] as string)).toBe(dayOf(STUDY_DATES[1]) - dayOf(STUDY_DATES[0]));
    for (const o of a) {
      expect(o.ds.string('PatientAge')).toBe('062Y');
      expect(o.ds.string('LongitudinalTemporalInformationModified')).toBe('MODIFIED');
      expect(o.ds.string('PatientIdentityRemoved')).toBe('YES');
      const codes = (o.ds.sequence('DeidentificationMethodCodeSequence') ?? []).map((i) => i.string('CodeValue'));
      expect(codes).toEqual(expect.arrayContaining(['113100', '113107', '113108', '113105', '113104']));
      expect(o.ds.string('PatientBirthDate')).not.toBe(PHI.birthDate);
    }
  });

  it('dcentvfy finds each remediated study, and the patient across both, consistent', () => {
    const files = (outs: readonly Output[]) => outs.map((o) => join(root, 'a', 'blobs', 'remediated', o.name.slice(0, 2), o.name));
    const studies = new Map<string, Output[]>();
    for (const o of a) studies.set(o.ds.string('StudyInstanceUID') ?? '', [...(studies.get(o.ds.string('StudyInstanceUID') ?? '') ?? []), o]);
    for (const members of studies.values()) {
      const r = tool('dcentvfy', files(members));
      expect({ status: r.status, errors: r.out.split('\n').filter((l) => l.startsWith('Error')) }).toEqual({ status: 0, errors: [] });
    }
    const all = tool('dcentvfy', files(a));
    expect(all.out.split('\n').filter((l) => l.startsWith('Error'))).toEqual([]);
  });

  it('dcentvfy would notice an inconsistent study (the check can fail)', async () => {
    const [first, second] = a.filter((o) => o.ds.string('Modality') === 'CT');
    const broken = parseDicom((second as Output).bytes);
    broken.dataset.set('PatientID', 'LO', 'SOMEONE-ELSE');
    await writeFile(join(root, 'broken.dcm'), writeDicom(broken));
    const r = tool('dcentvfy', [join(root, 'a', 'blobs', 'remediated', (first as Output).name.slice(0, 2), (first as Output).name), join(root, 'broken.dcm')]);
    expect(r.out).toMatch(/Error - .*PatientID/);
  });
});
