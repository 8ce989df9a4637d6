import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyDeidentification, planDeidentification } from '../deid';
import { configWith, testKeys } from '../deid/testing/deid-fixtures';
import { PHI, PHI_TOKENS, phiBuilder } from '../deid/testing/phi-fixtures';
import { DataSet, DEFAULT_CHARSET, parseDicom, TRANSFER_SYNTAX, writeDicom, type DicomObject } from '../dicom';
import { decryptEnvelope } from './cms-decrypt';
import { encodeEncryptedAttributes } from './encrypted-attributes-codec';
import { encryptOriginalAttributes, isReversibleError, recoverOriginalAttributes, type EncryptOriginalOptions } from './index';
import { loadRsaPrivateKey } from './recipient-keys';
import { differences } from './testing/dataset-dump';
import { errorText } from './testing/error-text';

/**
 * PS3.15 E.1.1 / E.1.2 interoperability with GDCM's gdcmanon (libgdcm-tools), both ways,
 * with a recipient certificate made by openssl. Missing tools fail the suite: skipping
 * would let a silent interop break through.
 */
const GDCMANON = '/usr/bin/gdcmanon';
const OPENSSL = '/usr/bin/openssl';

let dir = '';
let certPem = '';
let keyPem = '';
let strangerKeyPem = '';
const at = (name: string): string => join(dir, name);

function run(tool: string, args: string[]): void {
  const r = spawnSync(tool, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`${tool} ${args[0] ?? ''} failed (${r.status ?? 'no status'}): ${r.stderr}`, { cause: r.error });
}

beforeAll(() => {
  for (const tool of [GDCMANON, OPENSSL]) {
    if (!existsSync(tool)) throw new Error(`${tool} is required for the GDCM interop tests (apt-get install libgdcm-tools openssl)`);
  }
  dir = mkdtempSync(join(tmpdir(), 'gantry-gdcm-'));
  run(OPENSSL, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', at('key.pem'), '-out', at('cert.pem'), '-days', '2', '-subj', '/CN=gantry-gdcm-interop']);
  run(OPENSSL, ['genrsa', '-out', at('stranger.pem'), '2048']);
  certPem = readFileSync(at('cert.pem'), 'utf8');
  keyPem = readFileSync(at('key.pem'), 'utf8');
  strangerKeyPem = readFileSync(at('stranger.pem'), 'utf8');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Our de-identification of `original`, with the originals encrypted for the test certificate. */
function oursProtected(original: DicomObject, options: EncryptOriginalOptions = {}): DicomObject {
  const config = configWith();
  const d = applyDeidentification(original, planDeidentification(original, config), config, testKeys());
  return encryptOriginalAttributes(d.object, d.changed, certPem, options);
}

function gdcmanon(mode: '-e' | '-d', input: DicomObject, name: string, extra: string[] = []): DicomObject {
  writeFileSync(at(`${name}.in.dcm`), writeDicom(input));
  const keys = mode === '-d' ? ['-k', at('key.pem'), '-c', at('cert.pem')] : ['-c', at('cert.pem')];
  run(GDCMANON, [mode, ...extra, ...keys, '-i', at(`${name}.in.dcm`), '-o', at(`${name}.out.dcm`)]);
  return parseDicom(readFileSync(at(`${name}.out.dcm`)));
}

describe('GDCM interoperability of reversible de-identification', () => {
  it('has gdcmanon and openssl installed', () => {
    expect(existsSync(GDCMANON)).toBe(true);
    expect(existsSync(OPENSSL)).toBe(true);
  });

  it.each<[string, EncryptOriginalOptions]>([
    ['AES-256 with RSA PKCS #1 v1.5 (defaults)', {}],
    ['AES-128 with RSA-OAEP SHA-256', { cipher: 'aes-128-cbc', keyTransport: 'rsa-oaep-sha256' }],
  ])('ours → GDCM (%s): gdcmanon -d puts every original back', (_name, options) => {
    const original = phiBuilder().build();
    const protectedObj = oursProtected(original, options);
    expect(protectedObj.dataset.string('PatientName')).not.toBe(PHI.name);
    const back = gdcmanon('-d', protectedObj, `ours-${options.cipher ?? 'default'}`).dataset;
    expect(differences(original.dataset, back)).toEqual([]);
    expect(back.string('PatientName')).toBe(PHI.name);
    expect(back.string('PatientID')).toBe(PHI.id);
    expect(back.string('PatientBirthDate')).toBe(PHI.birthDate);
    expect(back.string('StudyDate')).toBe(original.dataset.string('StudyDate'));
    expect(back.string('StudyInstanceUID')).toBe(original.dataset.string('StudyInstanceUID'));
    expect(back.has('EncryptedAttributesSequence')).toBe(false);
  });

  it.each([[[]], [['--aes128']], [['--aes192']], [['--des3']]])('GDCM → ours (gdcmanon -e %p): recoverOriginalAttributes puts back what gdcmanon changed', (extra) => {
    const original = phiBuilder().build();
    const anon = gdcmanon('-e', original, `gdcm${extra.join('')}`, extra);
    const changedByGdcm = differences(original.dataset, anon.dataset);
    expect(changedByGdcm).toEqual(expect.arrayContaining(['(0010,0010)', '(0010,0020)', '(0010,0030)', '(0008,0018)', '(0040,A730)']));
    const back = parseDicom(writeDicom(recoverOriginalAttributes(anon, keyPem))).dataset;
    expect(differences(original.dataset, back)).toEqual([]);
    expect(back.string('PatientName')).toBe(PHI.name);
    expect(back.string('PatientIdentityRemoved')).toBe('NO');
    expect(back.has('DeidentificationMethod')).toBe(false);
    expect(back.has('EncryptedAttributesSequence')).toBe(false);
  });

  it('ours → ours with an openssl-made certificate and PKCS #8 key', () => {
    const original = phiBuilder('MR').build();
    const back = recoverOriginalAttributes(parseDicom(writeDicom(oursProtected(original))), keyPem);
    expect(differences(original.dataset, back.dataset)).toEqual([]);
  });

  it('reads what openssl cms writes with RSA-OAEP (SHA-1 and SHA-256) and Triple-DES', () => {
    const content = encodeEncryptedAttributes(new DataSet().set('PatientName', 'PN', 'DOE^JANE'), DEFAULT_CHARSET);
    writeFileSync(at('content.bin'), content);
    const variants = [
      ['-aes256', '-recip', at('cert.pem'), '-keyopt', 'rsa_padding_mode:oaep'],
      ['-aes128', '-recip', at('cert.pem'), '-keyopt', 'rsa_padding_mode:oaep', '-keyopt', 'rsa_oaep_md:sha256'],
      ['-des3', '-recip', at('cert.pem')],
    ];
    for (const [i, v] of variants.entries()) {
      run(OPENSSL, ['cms', '-encrypt', '-binary', '-outform', 'DER', '-in', at('content.bin'), '-out', at(`cms${i}.der`), ...v]);
      expect(decryptEnvelope(readFileSync(at(`cms${i}.der`)), loadRsaPrivateKey(keyPem))).toEqual(content);
    }
  });

  it('fails with a typed error, naming no value, for a key that is not the recipient\'s', () => {
    const theirs = gdcmanon('-e', phiBuilder().build(), 'stranger');
    for (const obj of [parseDicom(writeDicom(oursProtected(phiBuilder().build()))), theirs]) {
      let caught: unknown;
      try {
        recoverOriginalAttributes(obj, strangerKeyPem);
      } catch (e) {
        caught = e;
      }
      expect(isReversibleError(caught) && caught.code).toBe('DECRYPTION_FAILED');
      const text = errorText(caught);
      expect(PHI_TOKENS.filter((t) => text.includes(t))).toEqual([]);
    }
    expect(theirs.dataset.sequence('EncryptedAttributesSequence')?.[0]?.string('EncryptedContentTransferSyntaxUID')).toBe(TRANSFER_SYNTAX.EXPLICIT_LE);
  });
});
