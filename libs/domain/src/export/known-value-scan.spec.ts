import { applyDeidentification } from '../deid/apply-deidentification';
import { planDeidentification } from '../deid/plan-deidentification';
import { configWith, testKeys } from '../deid/testing/deid-fixtures';
import { PHI, phiBuilder } from '../deid/testing/phi-fixtures';
import { DicomBuilder } from '../dicom/builder/dicom-builder';
import { parseDicom, type DicomObject } from '../dicom/parse-dicom';
import { writeDicom } from '../dicom/write-dicom';
import { scanKnownValues } from './known-value-scan';
import { knownValuesOf, mergeKnownValues, NO_KNOWN_VALUES, type KnownValues } from './known-values';

const original = (): DicomObject => parseDicom(phiBuilder('CT').study({ uid: '1.2.826.0.1.3680043.8.498.17' }).toBytes());
const knownOf = (obj: DicomObject, uids = true): KnownValues => knownValuesOf(obj.meta, obj.dataset, { uids });

/** A clean de-identified object to plant one value in. */
function clean(): DicomObject {
  const input = original();
  const config = configWith({ cleanDescriptors: true, retainSafePrivate: true });
  return parseDicom(writeDicom(applyDeidentification(input, planDeidentification(input, config), config, testKeys()).object));
}

function plant(edit: (obj: DicomObject) => void): DicomObject {
  const obj = clean();
  edit(obj);
  return parseDicom(writeDicom(obj));
}

describe('knownValuesOf', () => {
  it('collects names, IDs, the birth date and the instance UIDs at any depth', () => {
    const k = knownOf(original());
    expect(k.names).toEqual(expect.arrayContaining([PHI.name, 'QUIXOTE^ZEB']));
    expect(k.ids).toEqual(expect.arrayContaining([PHI.id, PHI.otherId, PHI.accession, PHI.issuer]));
    expect(k.birthDates).toEqual([PHI.birthDate]);
    expect(k.uids).toEqual(expect.arrayContaining(['1.2.826.0.1.3680043.8.498.17']));
    expect(k.uids.some((u) => u.startsWith('1.2.840.10008.'))).toBe(false);
    expect(knownOf(original(), false).uids).toEqual([]);
  });

  it('merges sources without repeats', () => {
    const a: KnownValues = { names: ['A^B'], ids: ['X1'], birthDates: [], uids: ['1.2.3'] };
    expect(mergeKnownValues(a, { ...NO_KNOWN_VALUES, ids: ['X1', ' Y2 '] })).toEqual({ names: ['A^B'], ids: ['X1', 'Y2'], birthDates: [], uids: ['1.2.3'] });
  });
});

describe('scanKnownValues', () => {
  const known = knownOf(original());

  it('finds every planted value in the original and none in the engine\u2019s output', () => {
    expect(scanKnownValues(original(), known).length).toBeGreaterThan(10);
    expect(scanKnownValues(clean(), known)).toEqual([]);
  });

  it.each<[string, (obj: DicomObject) => void, { path: string; kind: string }]>([
    ['a name part in a description', (o) => o.dataset.set('StudyDescription', 'LO', 'chest for zebulon'), { path: '(0008,1030)', kind: 'name' }],
    ['the name in another order', (o) => o.dataset.set('ImageComments', 'LT', 'Zebulon Quixote'), { path: '(0020,4000)', kind: 'name' }],
    ['an ID nested two levels deep', (o) => o.dataset.set('ReferencedStudySequence', 'SQ', [{ ReferencedSOPSequence: [{ ReferencedSOPClassUID: '1.2.840.10008.5.1.4.1.1.2', ReferencedSOPInstanceUID: '2.25.5', TextValue: `id ${PHI.otherId}` }] }]), { path: '(0008,1110)[0].(0008,1199)[0].(0040,A160)', kind: 'id' }],
    ['the birth date as words', (o) => o.dataset.set('ImageComments', 'LT', 'born 3rd February 1961'), { path: '(0020,4000)', kind: 'birth-date' }],
    ['the birth date in a DA element', (o) => o.dataset.set('AcquisitionDate', 'DA', PHI.birthDate), { path: '(0008,0022)', kind: 'birth-date' }],
    ['the accession in a private element', (o) => o.dataset.setPrivate(0x0019, 'GEMS_ACQU_01', 0x9c, 'LO', PHI.accession), { path: '(0019,109C)', kind: 'id' }],
    ['the ID in a binary value', (o) => o.dataset.set('ICCProfile', 'OB', new TextEncoder().encode(`xx${PHI.id}xx`)), { path: '(0028,2000)', kind: 'id' }],
    ['an original UID', (o) => o.dataset.set('StudyInstanceUID', 'UI', '1.2.826.0.1.3680043.8.498.17'), { path: '(0020,000D)', kind: 'uid' }],
  ])('finds %s', (_name, edit, expected) => {
    expect(scanKnownValues(plant(edit), known)).toContainEqual(expected);
  });

  it('searches the file meta as well', () => {
    const obj = clean();
    obj.meta.set('MediaStorageSOPInstanceUID', 'UI', original().dataset.string('SOPInstanceUID') ?? '');
    expect(scanKnownValues(obj, known)).toEqual([{ path: '(0002,0003)', kind: 'uid' }]);
  });

  it('is word-bounded and skips placeholders, numbers and pixel data', () => {
    const k: KnownValues = { names: ['ANONYMOUS', 'LI^MO'], ids: ['123', 'ABC', 'AAAAAAAA'], birthDates: [], uids: [] };
    const obj = parseDicom(
      new DicomBuilder({ seed: 'w' })
        .patient({ name: 'ANONYMOUS', id: '' })
        .study({ description: 'LIMO and ABCD, series 1234' })
        .instance({ number: 123 })
        .pixels({ rows: 8, columns: 8, bitsAllocated: 8, pattern: () => 0x41 })
        .toBytes(),
    );
    expect(scanKnownValues(obj, k)).toEqual([]);
    obj.dataset.set('StudyDescription', 'LO', 'for li');
    expect(scanKnownValues(obj, k)).toEqual([{ path: '(0008,1030)', kind: 'name' }]);
  });

  it('compares code strings whole: a name part that is a defined term is no hit', () => {
    const k: KnownValues = { names: ['CQ500-CT-310'], ids: ['CQ500-CT-310'], birthDates: [], uids: [] };
    const obj = parseDicom(new DicomBuilder({ seed: 'cs' }).series({ modality: 'CT' }).study({ description: 'scan CT' }).toBytes());
    expect(scanKnownValues(obj, k)).toEqual([{ path: '(0008,1030)', kind: 'name' }]);
    obj.dataset.set('Modality', 'CS', 'CQ500-CT-310');
    expect(scanKnownValues(obj, k)).toContainEqual({ path: '(0008,0060)', kind: 'name' });
  });

  it('does not find a patient in the text Gantry writes itself', () => {
    const obj = clean();
    const k: KnownValues = { names: ['PROFILE^BASIC^MASK'], ids: [], birthDates: [], uids: [] };
    expect(obj.dataset.strings('DeidentificationMethod').join(' ')).toMatch(/Profile/);
    obj.dataset.set('DerivationCodeSequence', 'SQ', [{ CodeValue: '113047', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Pixel by pixel mask' }]);
    expect(scanKnownValues(obj, k)).toEqual([]);
    obj.dataset.set('DeidentificationMethod', 'LO', ['Gantry PS3.15 Basic Profile (2024b)', 'done for Mask']);
    expect(scanKnownValues(obj, k)).toEqual([{ path: '(0012,0063)', kind: 'name' }]);
  });

  it('reads text in its character set', () => {
    const k: KnownValues = { names: ['Quixoté^Zébulon'], ids: [], birthDates: [], uids: [] };
    const latin1 = parseDicom(new DicomBuilder({ seed: 'l' }).set('SpecificCharacterSet', 'CS', 'ISO_IR 100').study({ description: 'für zébulon' }).toBytes());
    expect(scanKnownValues(latin1, k)).toEqual([{ path: '(0008,1030)', kind: 'name' }]);
  });
});
