import { applyDeidentification, planDeidentification, type DeidResult } from '../deid';
import { configWith, testKeys } from '../deid/testing/deid-fixtures';
import { PHI, PHI_TOKENS, phiBuilder } from '../deid/testing/phi-fixtures';
import { DataSet, parseDicom, TRANSFER_SYNTAX, writeDicom, type DicomObject } from '../dicom';
import { encryptOriginalAttributes, isReversibleError, recoverOriginalAttributes, type ReversibleError } from './index';
import { differences } from './testing/dataset-dump';
import { errorText } from './testing/error-text';
import { makeTestRecipient, type TestRecipient } from './testing/test-recipient';

let alice: TestRecipient;
let bob: TestRecipient;
beforeAll(() => {
  alice = makeTestRecipient('alice');
  bob = makeTestRecipient('bob');
});

const deidentify = (obj: DicomObject): DeidResult => applyDeidentification(obj, planDeidentification(obj, configWith()), configWith(), testKeys());
const reparse = (obj: DicomObject): DicomObject => parseDicom(writeDicom(obj));

/** Encrypted for `r`, written and read back as a receiver would see it. */
function protect(original: DicomObject, r: TestRecipient): DicomObject {
  const d = deidentify(original);
  return reparse(encryptOriginalAttributes(d.object, d.changed, r.certPem));
}

function thrown(f: () => unknown): ReversibleError {
  try {
    f();
  } catch (e) {
    if (isReversibleError(e)) return e;
    throw e;
  }
  throw new Error('expected a ReversibleError');
}

describe('reversible de-identification (ours → ours)', () => {
  it('puts back every original attribute, at every depth, and marks the object re-identified', () => {
    const original = phiBuilder().build();
    const back = reparse(recoverOriginalAttributes(protect(original, alice), alice.keyPem));
    expect(differences(original.dataset, back.dataset)).toEqual([]);
    expect(back.dataset.string('PatientName')).toBe(PHI.name);
    expect(back.dataset.string('PatientIdentityRemoved')).toBe('NO');
    expect(back.dataset.has('DeidentificationMethod')).toBe(false);
    expect(back.dataset.has('DeidentificationMethodCodeSequence')).toBe(false);
    expect(back.dataset.has('EncryptedAttributesSequence')).toBe(false);
    expect(back.meta.string('MediaStorageSOPInstanceUID')).toBe(original.dataset.string('SOPInstanceUID'));
  });

  it('adds one Encrypted Attributes item in GDCM\'s layout, and no identifier in the clear', () => {
    const protectedObj = protect(phiBuilder().build(), alice);
    const items = protectedObj.dataset.sequence('EncryptedAttributesSequence') ?? [];
    expect(items).toHaveLength(1);
    expect(items[0]?.string('EncryptedContentTransferSyntaxUID')).toBe(TRANSFER_SYNTAX.EXPLICIT_LE);
    expect(items[0]?.get('EncryptedContent')?.vr).toBe('OB');
    expect(items[0]?.bytes('EncryptedContent')?.[0]).toBe(0x30);
    const text = Buffer.from(writeDicom(protectedObj)).toString('latin1').toLowerCase();
    expect(PHI_TOKENS.filter((t) => text.includes(t))).toEqual([]);
  });

  it('round-trips non-ASCII text under the object\'s character set', () => {
    const original = phiBuilder('MR', 'MÜLLER^JÜRGEN^ŁUKASZ').set('SpecificCharacterSet', 'CS', 'ISO_IR 192').build();
    const back = reparse(recoverOriginalAttributes(protect(reparse(original), alice), alice.keyPem));
    expect(back.dataset.string('PatientName')).toBe('MÜLLER^JÜRGEN^ŁUKASZ');
    expect(differences(reparse(original).dataset, back.dataset)).toEqual([]);
  });

  it('nests an earlier Encrypted Attributes Sequence and gives it back layer by layer', () => {
    const original = phiBuilder().build();
    const once = protect(original, alice);
    const twice = protect(once, bob);
    expect(twice.dataset.sequence('EncryptedAttributesSequence')).toHaveLength(1);
    const peeled = reparse(recoverOriginalAttributes(twice, bob.keyPem));
    expect(differences(once.dataset.sequence('EncryptedAttributesSequence')?.[0] ?? new DataSet(), peeled.dataset.sequence('EncryptedAttributesSequence')?.[0] ?? new DataSet())).toEqual([]);
    const back = recoverOriginalAttributes(peeled, alice.keyPem);
    expect(back.dataset.string('PatientName')).toBe(PHI.name);
    expect(back.dataset.has('EncryptedAttributesSequence')).toBe(false);
  });

  it('does not modify its inputs', () => {
    const d = deidentify(phiBuilder().build());
    const before = writeDicom(d.object);
    const protectedObj = encryptOriginalAttributes(d.object, d.changed, alice.certPem, { cipher: 'aes-128-cbc' });
    expect(writeDicom(d.object)).toEqual(before);
    const protectedBytes = writeDicom(protectedObj);
    recoverOriginalAttributes(protectedObj, alice.keyPem);
    expect(writeDicom(protectedObj)).toEqual(protectedBytes);
  });

  it('fails with a typed error, and no value, for the wrong key', () => {
    const e = thrown(() => recoverOriginalAttributes(protect(phiBuilder().build(), alice), bob.keyPem));
    expect(e.code).toBe('DECRYPTION_FAILED');
    const text = errorText(e);
    expect(PHI_TOKENS.filter((t) => text.includes(t))).toEqual([]);
  });

  it('says so when there is nothing to recover, or the item is incomplete', () => {
    expect(thrown(() => recoverOriginalAttributes(phiBuilder().build(), alice.keyPem)).code).toBe('NO_ENCRYPTED_ATTRIBUTES');
    const obj = phiBuilder().set('EncryptedAttributesSequence', 'SQ', [{ EncryptedContentTransferSyntaxUID: TRANSFER_SYNTAX.EXPLICIT_LE }]).build();
    expect(thrown(() => recoverOriginalAttributes(obj, alice.keyPem)).code).toBe('MALFORMED_CONTENT');
  });
});
