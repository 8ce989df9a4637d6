import { applyDeidentification, planDeidentification, type DeidResult } from '../deid';
import { configWith, testKeys } from '../deid/testing/deid-fixtures';
import { PHI, phiBuilder } from '../deid/testing/phi-fixtures';
import { DataSet, type DicomObject } from '../dicom';
import type { GantryPipelineConfig } from '../config/config-types';
import { modifiedAttributesItem } from './modified-attributes';
import { ReversibleError } from './reversible-error';
import { differences } from './testing/dataset-dump';

const deidentify = (obj: DicomObject, config: GantryPipelineConfig = configWith()): DeidResult =>
  applyDeidentification(obj, planDeidentification(obj, config), config, testKeys());

describe('modifiedAttributesItem', () => {
  const original = phiBuilder().build();
  const r = deidentify(original);
  const item = modifiedAttributesItem(r.object.dataset, r.changed);

  it('holds the original of every top-level attribute that was replaced or removed', () => {
    expect(item.string('PatientName')).toBe(PHI.name);
    expect(item.string('PatientID')).toBe(PHI.id);
    expect(item.string('PatientBirthDate')).toBe(PHI.birthDate);
    expect(item.string('AccessionNumber')).toBe(PHI.accession);
    expect(item.string('SOPInstanceUID')).toBe(original.dataset.string('SOPInstanceUID'));
    expect(item.string('PatientAddress')).toBe('1 Rue de la Mancha');
    expect(item.has('Modality')).toBe(false);
  });

  it('holds the whole original top-level sequence for changes nested in it', () => {
    for (const keyword of ['AnatomicRegionSequence', 'ContentSequence', 'RequestAttributesSequence']) {
      expect(item.has(keyword)).toBe(true);
      const mine = new DataSet().put(item.get(keyword)!);
      const theirs = new DataSet().put(original.dataset.get(keyword)!);
      expect(differences(theirs, mine)).toEqual([]);
    }
  });

  it('keeps private elements with their creators, and leaves out file meta', () => {
    expect(item.string('00090010')).toBe('ACME PRIVATE');
    expect(item.string('00091010')).toBe('Zebulon Quixote');
    expect(item.tags().some((t) => t.startsWith('0002'))).toBe(false);
    const kept = new DataSet().set('00090010', 'LO', 'ACME PRIVATE');
    const removed = new DataSet().set('00091010', 'LO', 'secret').get('00091010')!;
    expect(modifiedAttributesItem(kept, [{ path: '(0009,1010)', original: removed }]).string('00090010')).toBe('ACME PRIVATE');
  });

  it('always carries the SOP Instance UID, which GDCM needs, even when it was kept', () => {
    const kept = deidentify(original, configWith({ retainUIDs: true }));
    expect(kept.changed.some((c) => c.tag === '00080018')).toBe(false);
    expect(modifiedAttributesItem(kept.object.dataset, kept.changed).string('SOPInstanceUID')).toBe(original.dataset.string('SOPInstanceUID'));
  });

  it('does not touch the de-identified object', () => {
    expect(differences(r.object.dataset, deidentify(original).object.dataset)).toEqual([]);
  });

  it('refuses changes that do not fit the object, naming only the path', () => {
    const stray = new DataSet().set('00080050', 'SH', 'X').get('00080050')!;
    const f = (): DataSet => modifiedAttributesItem(r.object.dataset, [{ path: '(0040,0275)[3].(0008,0050)', original: stray }]);
    expect(f).toThrow(ReversibleError);
    expect(f).toThrow(/^CHANGES_MISMATCH: the changes do not fit the de-identified object at \(0040,0275\)$/);
    expect(() => modifiedAttributesItem(r.object.dataset, [{ path: '(0010,0010)[0].(0008,0050)', original: stray }])).toThrow(/CHANGES_MISMATCH/);
  });
});
