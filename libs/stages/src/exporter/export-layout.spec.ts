import { DicomBuilder, INSTANCE_INDEXED, KeyRing, newEvent, parseDicom, remapUid } from '@gantry/domain';
import { layoutValuesOf } from './export-layout';

const keys = new KeyRing(new Uint8Array(32).fill(3));
const indexed = newEvent({
  type: INSTANCE_INDEXED, source: 'gantry/indexer', subject: 'a'.repeat(32),
  data: { key: 'a'.repeat(32), patientKey: 'b'.repeat(32), studyKey: 'c'.repeat(32), seriesKey: 'd'.repeat(32), deviceKey: 'e'.repeat(32), sopClassUid: '1.2.840.10008.5.1.4.1.1.2', modality: 'CT' },
});

describe('layoutValuesOf', () => {
  it('uses the pseudonym and keyed UIDs the object carries', () => {
    const obj = parseDicom(
      new DicomBuilder({ seed: 'l' }).patient({ id: 'GANTRY-ABCDEFGHIJKLMNOP' }).study({ uid: remapUid(keys, '1.2.3') }).series({ uid: remapUid(keys, '1.2.4'), modality: 'MR' }).instance({ uid: remapUid(keys, '1.2.5') }).toBytes(),
    );
    expect(layoutValuesOf(obj, indexed, 'GANTRY-')).toEqual({
      patient: 'GANTRY-ABCDEFGHIJKLMNOP', study: remapUid(keys, '1.2.3'), series: remapUid(keys, '1.2.4'), instance: remapUid(keys, '1.2.5'), key: 'a'.repeat(32), modality: 'MR',
    });
  });

  it('falls back to opaque keys where the object holds anything else (empty ID, retained UIDs)', () => {
    const obj = parseDicom(
      new DicomBuilder({ seed: 'k' }).patient({ id: '' }).study({ uid: '1.2.826.0.1.3680043.8.498.1' }).series({ uid: '1.2.826.0.1.3680043.8.498.2' }).instance({ uid: '1.2.826.0.1.3680043.8.498.3' }).toBytes(),
    );
    expect(layoutValuesOf(obj, indexed, 'GANTRY-')).toMatchObject({ patient: 'b'.repeat(32), study: 'c'.repeat(32), series: 'd'.repeat(32), instance: 'a'.repeat(32) });
    const prefixed = parseDicom(new DicomBuilder({ seed: 'p' }).patient({ id: 'STUDY 7 ABCDEFGHIJKLMNOP' }).toBytes());
    expect(layoutValuesOf(prefixed, indexed, 'STUDY 7 ').patient).toBe('STUDY_7_ABCDEFGHIJKLMNOP');
  });
});
