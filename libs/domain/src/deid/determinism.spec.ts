import { DicomBuilder } from '../dicom/builder/dicom-builder';
import { parseDicom, type DicomObject } from '../dicom/parse-dicom';
import { writeDicom } from '../dicom/write-dicom';
import type { KeyRing } from '../keys/key-ring';
import { applyDeidentification, type DeidResult } from './apply-deidentification';
import { planDeidentification } from './plan-deidentification';
import { remapUid } from './uid-remap';
import { configWith, testKeys } from './testing/deid-fixtures';
import { phiBuilder } from './testing/phi-fixtures';

const CONFIG = configWith({ cleanDescriptors: true, retainLongitudinalModifiedDates: true });

function deid(bytes: Uint8Array, keys: KeyRing, config = CONFIG): DeidResult {
  const obj = parseDicom(bytes);
  return applyDeidentification(obj, planDeidentification(obj, config), config, keys);
}

describe('determinism', () => {
  const input = phiBuilder().toBytes();

  it('gives byte-identical output for the same input, key and configuration', () => {
    const a = writeDicom(deid(input, testKeys(1)).object);
    const b = writeDicom(deid(input, testKeys(1)).object);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('gives other UIDs and pseudonyms under another key, from the same plan', () => {
    const a = deid(input, testKeys(1));
    const b = deid(input, testKeys(2));
    const obj = parseDicom(input);
    expect(planDeidentification(obj, CONFIG).planHash).toBe(planDeidentification(parseDicom(input), CONFIG).planHash);
    for (const keyword of ['SOPInstanceUID', 'StudyInstanceUID', 'SeriesInstanceUID', 'FrameOfReferenceUID', 'PatientID', 'PatientName', 'StudyDate']) {
      expect(b.object.dataset.string(keyword)).not.toBe(a.object.dataset.string(keyword));
    }
    expect(a.pseudonyms.map((p) => p.original)).toEqual(b.pseudonyms.map((p) => p.original));
    a.pseudonyms.forEach((p, i) => expect(b.pseudonyms[i]?.pseudonym).not.toBe(p.pseudonym));
  });

  it('does not modify its input', () => {
    const obj = parseDicom(input);
    const before = Buffer.from(writeDicom(obj));
    applyDeidentification(obj, planDeidentification(obj, CONFIG), CONFIG, testKeys());
    expect(Buffer.from(writeDicom(obj)).equals(before)).toBe(true);
  });
});

describe('UIDs', () => {
  const keys = testKeys();

  it('are 2.25 UIDs of a version 8, RFC 4122 variant UUID, at most 64 characters', () => {
    for (const uid of ['1.2.3', '1.2.840.113619.2.55.3.1', '9'.repeat(64)]) {
      const out = remapUid(keys, uid);
      expect(out).toMatch(/^2\.25\.[1-9]\d*$/);
      expect(out.length).toBeLessThanOrEqual(64);
      const hex = BigInt(out.slice(5)).toString(16).padStart(32, '0');
      expect(hex[12]).toBe('8');
      expect(['8', '9', 'a', 'b']).toContain(hex[16]);
    }
  });

  it('keep references consistent across instances, and registry UIDs as they are', () => {
    const a = new DicomBuilder({ seed: 'ref' }).instance({ number: 1 }).build();
    const aUid = a.dataset.string('SOPInstanceUID') as string;
    const b = new DicomBuilder({ seed: 'ref' })
      .instance({ number: 2 })
      .set('ReferencedImageSequence', 'SQ', [{ ReferencedSOPClassUID: '1.2.840.10008.5.1.4.1.1.2', ReferencedSOPInstanceUID: aUid }])
      .set('SourceImageSequence', 'SQ', [{ ReferencedSOPClassUID: '1.2.840.10008.5.1.4.1.1.2', ReferencedSOPInstanceUID: aUid }])
      .build();
    // Referenced Image Sequence is X/Z/U* and Type 3 in CT: kept here by an override, its UIDs remapped.
    const config = configWith({}, { overrides: [{ tag: 'ReferencedImageSequence', action: 'keep' }] });
    const run = (o: DicomObject): DicomObject => parseDicom(writeDicom(applyDeidentification(o, planDeidentification(o, config), config, keys).object));
    const [outA, outB] = [run(a), run(b)];
    const ref = outB.dataset.sequence('ReferencedImageSequence')?.[0];
    expect(ref?.string('ReferencedSOPInstanceUID')).toBe(outA.dataset.string('SOPInstanceUID'));
    expect(ref?.string('ReferencedSOPInstanceUID')).not.toBe(aUid);
    expect(ref?.string('ReferencedSOPClassUID')).toBe('1.2.840.10008.5.1.4.1.1.2');
    expect(outB.dataset.has('SourceImageSequence')).toBe(false);
    for (const keyword of ['StudyInstanceUID', 'SeriesInstanceUID', 'FrameOfReferenceUID']) {
      expect(outB.dataset.string(keyword)).toBe(outA.dataset.string(keyword));
      expect(outB.dataset.string(keyword)).not.toBe(b.dataset.string(keyword));
    }
    expect(outA.dataset.string('SOPClassUID')).toBe('1.2.840.10008.5.1.4.1.1.2');
    expect(outA.meta.string('MediaStorageSOPInstanceUID')).toBe(outA.dataset.string('SOPInstanceUID'));
    expect(outA.meta.string('TransferSyntaxUID')).toBe(a.transferSyntaxUid);
  });

  it('are all kept under Retain UIDs', () => {
    const obj = new DicomBuilder({ seed: 'keep' }).build();
    const config = configWith({ retainUIDs: true });
    const out = applyDeidentification(obj, planDeidentification(obj, config), config, keys).object.dataset;
    for (const keyword of ['SOPInstanceUID', 'StudyInstanceUID', 'SeriesInstanceUID', 'FrameOfReferenceUID']) {
      expect(out.string(keyword)).toBe(obj.dataset.string(keyword));
    }
  });
});
