import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSet, parseDicom } from '@gantry/domain';
import { gantry } from './support/cli';
import { listFiles } from './support/corpus';
import { makeRecipient, remediatedFiles, tool, writePlanted } from './support/deid';
import { PHI, plantedTokensIn } from './support/planted-phi';

/** What re-identification must give back, read from a data set. */
const identity = (ds: DataSet) => ({
  name: ds.string('PatientName'),
  id: ds.string('PatientID'),
  birthDate: ds.string('PatientBirthDate'),
  description: ds.string('StudyDescription'),
  accession: ds.string('AccessionNumber'),
  study: ds.string('StudyInstanceUID'),
  instance: ds.string('SOPInstanceUID'),
  date: ds.string('StudyDate'),
  nested: ds.sequence('AnatomicRegionSequence')?.[0]?.sequence('AnatomicRegionModifierSequence')?.[0]?.sequence('ConceptNameCodeSequence')?.[0]?.string('CodeValue'),
});

const read = async (path: string): Promise<DataSet> => parseDicom(await readFile(path)).dataset;

/**
 * Reversible mode (PS3.15 E.1.1) configured with a recipient certificate: the remediator
 * encrypts the originals into (0400,0500); `gantry recover --key <private.pem>` and GDCM's
 * gdcmanon each undo the other's protection. openssl and gdcmanon missing fail the suite.
 */
describe('reversible de-identification and gantry recover (embedded default)', () => {
  let root: string;
  let data: string;
  let input: string;
  let recipient: { cert: string; key: string };
  let originals: Map<string, ReturnType<typeof identity>>;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'gantry-reversible-'));
    data = join(root, 'data');
    input = join(root, 'in');
    recipient = makeRecipient(root);
    const files = await writePlanted(input);
    originals = new Map(await Promise.all(files.map(async (f) => { const id = identity(await read(f)); return [id.instance as string, id] as const; })));
    // The certificate by path, relative to the configuration file: the CLI inlines its PEM.
    await writeFile(join(root, 'config.yaml'), 'version: 1\ndeid:\n  recipientCertificateFile: recipient-cert.pem\n');
    expect((await gantry(['config', 'set', join(root, 'config.yaml'), '--data', data])).code).toBe(0);
    expect((await gantry(['import', input, '--data', data])).code).toBe(0);
  }, 180_000);
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('writes every instance with its originals encrypted in (0400,0500) and no planted value in clear', async () => {
    const files = await remediatedFiles(data);
    expect(files).toHaveLength(7);
    for (const f of files) {
      const bytes = await readFile(f);
      expect({ f, tokens: plantedTokensIn(bytes) }).toEqual({ f, tokens: [] });
      const ds = parseDicom(bytes).dataset;
      expect(ds.sequence('EncryptedAttributesSequence')).toHaveLength(1);
      expect(ds.string('PatientName')).not.toBe(PHI.name);
    }
  });

  it('gantry recover --key <private.pem> puts every original back', async () => {
    const out = join(root, 'recovered');
    const res = await gantry(['recover', join(data, 'blobs', 'remediated'), '--key', recipient.key, '--out', out, '--json']);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({ found: 7, recovered: 7, failed: {} });
    const back = await listFiles(out);
    expect(back).toHaveLength(7);
    for (const f of back) {
      const ds = await read(f);
      const id = identity(ds);
      expect(id).toEqual(originals.get(id.instance as string));
      expect(ds.string('PatientIdentityRemoved')).toBe('NO');
      expect(ds.has('EncryptedAttributesSequence')).toBe(false);
    }
  }, 60_000);

  it('reads --key after recover as the private key and --key before it as the deployment key', async () => {
    const out = join(root, 'recovered-2');
    const both = await gantry(['--key', join(data, 'key'), 'recover', join(data, 'blobs', 'remediated'), '--key', recipient.key, '--out', out]);
    expect(both).toMatchObject({ code: 0 });
    expect(both.stdout).toContain('Recovered 7 of 7 files');
    const missing = await gantry(['recover', join(data, 'blobs', 'remediated'), '--out', out]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--key <private.pem>'");
    // The deployment key after `recover` is taken for what it says: a private key, which it is not.
    const wrong = await gantry(['recover', join(data, 'blobs', 'remediated'), '--key', join(data, 'key'), '--out', out]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('private key');
  }, 60_000);

  it('accounts for files it cannot recover, by reason, and exits 1', async () => {
    const mixed = join(root, 'mixed');
    await writePlanted(mixed);
    await writeFile(join(mixed, 'notes.txt'), 'not a DICOM file');
    const res = await gantry(['recover', mixed, '--key', recipient.key, '--out', join(root, 'mixed-out'), '--json']);
    expect(res.code).toBe(1);
    expect(JSON.parse(res.stdout)).toEqual({ found: 8, recovered: 0, failed: { NO_ENCRYPTED_ATTRIBUTES: 7, NOT_DICOM: 1 } });
    expect(res.stderr).toContain('RECOVERY_INCOMPLETE');
  }, 60_000);

  it('ours → GDCM: gdcmanon -d re-identifies what the remediator protected', async () => {
    for (const f of await remediatedFiles(data)) {
      const out = join(root, 'gdcm-d.dcm');
      const r = tool('gdcmanon', ['-d', '-k', recipient.key, '-c', recipient.cert, '-i', f, '-o', out]);
      expect({ f, status: r.status }).toEqual({ f, status: 0 });
      const id = identity(await read(out));
      expect(id).toEqual(originals.get(id.instance as string));
    }
  }, 60_000);

  it('GDCM → ours: gantry recover re-identifies what gdcmanon -e protected', async () => {
    const protectedDir = join(root, 'gdcm-e');
    const plain = await listFiles(input);
    await mkdir(protectedDir, { recursive: true });
    for (const [i, f] of plain.entries()) {
      const r = tool('gdcmanon', ['-e', '-c', recipient.cert, '-i', f, '-o', join(protectedDir, `${i}.dcm`)]);
      expect({ f, status: r.status }).toEqual({ f, status: 0 });
    }
    const anon = await read(join(protectedDir, '0.dcm'));
    expect(anon.string('PatientName')).not.toBe(PHI.name);
    const out = join(root, 'gdcm-recovered');
    const res = await gantry(['recover', protectedDir, '--key', recipient.key, '--out', out, '--json']);
    expect(JSON.parse(res.stdout)).toEqual({ found: plain.length, recovered: plain.length, failed: {} });
    for (const f of await listFiles(out)) {
      const id = identity(await read(f));
      expect(id).toEqual(originals.get(id.instance as string));
    }
  }, 60_000);
});
