import { DicomBuilder } from '../dicom/builder/dicom-builder';
import { parseDicom, type DicomObject } from '../dicom/parse-dicom';
import { writeDicom } from '../dicom/write-dicom';
import { applyDeidentification, type DeidResult } from './apply-deidentification';
import { dayOffset, shiftDa, shiftDt } from './date-shift';
import { planDeidentification } from './plan-deidentification';
import { configWith, testKeys } from './testing/deid-fixtures';

const DAY = 86_400_000;
const daysBetween = (a: string, b: string): number =>
  (Date.UTC(+b.slice(0, 4), +b.slice(4, 6) - 1, +b.slice(6, 8)) - Date.UTC(+a.slice(0, 4), +a.slice(4, 6) - 1, +a.slice(6, 8))) / DAY;

describe('shiftDa / shiftDt', () => {
  it('shifts whole days across month, year and leap-day boundaries', () => {
    expect(shiftDa('20240301', -1)).toBe('20240229');
    expect(shiftDa('20230301', -1)).toBe('20230228');
    expect(shiftDa('20240101', -1)).toBe('20231231');
    expect(shiftDa('19991231', 3650)).toBe('20091228');
  });

  it('keeps the precision of partial dates and legacy formats', () => {
    expect(shiftDa('2024', -200)).toBe('2023');
    expect(shiftDa('2024', -100)).toBe('2024');
    expect(shiftDa('202403', -20)).toBe('202402');
    expect(shiftDa('2024.03.01', -1)).toBe('2024.02.29');
  });

  it('shifts both ends of ranges, open ends included', () => {
    expect(shiftDa('20240101-20240131', -1)).toBe('20231231-20240130');
    expect(shiftDa('-20240131', -1)).toBe('-20240130');
    expect(shiftDa('20240101-', -1)).toBe('20231231-');
    expect(shiftDt('20240101-20240102', -1)).toBe('20231231-20240101');
  });

  it('keeps the time, fraction and UTC offset of a DT', () => {
    expect(shiftDt('20240301120000.123456-0500', -1)).toBe('20240229120000.123456-0500');
    expect(shiftDt('2024030112', -1)).toBe('2024022912');
    expect(shiftDt('20240301+0100', -1)).toBe('20240229+0100');
    expect(shiftDt('202403', -20)).toBe('202402');
    expect(shiftDt('20240101000000-0500-20240102000000-0500', 1)).toBe('20240102000000-0500-20240103000000-0500');
  });

  it('refuses what is not a date (the caller then writes a dummy)', () => {
    for (const bad of ['20240230', '2024-03-01', 'JOHN', '', '20241301', '0001010', '00010101']) expect(shiftDa(bad, -1)).toBeUndefined();
    expect(shiftDt('2024030112x', -1)).toBeUndefined();
  });
});

describe('dayOffset', () => {
  const keys = testKeys();
  const range = { minDays: -3650, maxDays: -1 };

  it('stays within the range and spreads over it', () => {
    const offsets = Array.from({ length: 2000 }, (_, i) => dayOffset(keys, `patient-${i}`, range));
    expect(Math.min(...offsets)).toBeGreaterThanOrEqual(-3650);
    expect(Math.max(...offsets)).toBeLessThanOrEqual(-1);
    expect(new Set(offsets).size).toBeGreaterThan(1500);
    // Both halves of the range are used: the mapping is not biased to one end.
    expect(offsets.filter((o) => o < -1825).length).toBeGreaterThan(800);
    expect(offsets.filter((o) => o >= -1825).length).toBeGreaterThan(800);
  });

  it('is one offset per patient and key, and a single-day range is that day', () => {
    expect(dayOffset(keys, 'p', range)).toBe(dayOffset(keys, 'p', range));
    expect(dayOffset(testKeys(8), 'p', range)).not.toBe(dayOffset(keys, 'p', range));
    expect(dayOffset(keys, 'p', { minDays: 5, maxDays: 5 })).toBe(5);
  });
});

describe('Retain Longitudinal Modified Dates on objects', () => {
  const config = configWith({ retainLongitudinalModifiedDates: true }, { dateShift: { minDays: -400, maxDays: -10 } });
  const study = (id: string, date: string, n: number): DicomObject =>
    new DicomBuilder({ seed: `${id}-${n}` })
      .patient({ id, birthDate: '19700101' })
      .study({ date, time: '083000', id: String(n) })
      .set('AcquisitionDateTime', 'DT', `${date}083015.25+0100`)
      .build();
  const run = (obj: DicomObject, patientIdentity?: string): DeidResult =>
    applyDeidentification(obj, planDeidentification(obj, config), config, testKeys(), patientIdentity === undefined ? {} : { patientIdentity });
  const shifted = (r: DeidResult): string => parseDicom(writeDicom(r.object)).dataset.string('StudyDate') as string;

  it('preserves the interval between two studies of one patient', () => {
    const a = run(study('P-1', '20200115', 1));
    const b = run(study('P-1', '20230620', 2));
    expect(daysBetween(shifted(a), shifted(b))).toBe(daysBetween('20200115', '20230620'));
    const offset = daysBetween('20200115', shifted(a));
    expect(offset).toBeGreaterThanOrEqual(-400);
    expect(offset).toBeLessThanOrEqual(-10);
  });

  it('shifts every date of the object alike and keeps times and offsets', () => {
    const out = parseDicom(writeDicom(run(study('P-1', '20200115', 1)).object)).dataset;
    const offset = daysBetween('20200115', out.string('StudyDate') as string);
    for (const keyword of ['SeriesDate', 'ContentDate', 'InstanceCreationDate']) {
      expect(daysBetween('20200115', out.string(keyword) as string)).toBe(offset);
    }
    expect(out.string('StudyTime')).toBe('083000');
    expect(out.string('AcquisitionDateTime')).toMatch(/^\d{8}083015\.25\+0100$/);
    expect(daysBetween('20200115', (out.string('AcquisitionDateTime') as string).slice(0, 8))).toBe(offset);
    expect(out.string('LongitudinalTemporalInformationModified')).toBe('MODIFIED');
    // The birth date has no option column: the Basic Profile empties it.
    expect(out.string('PatientBirthDate')).toBeUndefined();
    expect(out.has('PatientBirthDate')).toBe(true);
  });

  it('gives different patients different offsets, almost always', () => {
    const offsets = Array.from({ length: 20 }, (_, i) => daysBetween('20200115', shifted(run(study(`P-${i}`, '20200115', 1)))));
    expect(new Set(offsets).size).toBeGreaterThanOrEqual(18);
    for (const o of offsets) expect(o >= -400 && o <= -10).toBe(true);
  });

  it('follows the patient identity it is given over the Patient ID', () => {
    const a = shifted(run(study('LOCAL-1', '20200115', 1), 'mpi:42'));
    const b = shifted(run(study('OTHER-9', '20200115', 1), 'mpi:42'));
    expect(a).toBe(b);
  });

  it('keeps full dates unmodified under Retain Longitudinal Full Dates', () => {
    const full = configWith({ retainLongitudinalFullDates: true });
    const obj = study('P-1', '20200115', 1);
    const out = parseDicom(writeDicom(applyDeidentification(obj, planDeidentification(obj, full), full, testKeys()).object)).dataset;
    expect(out.string('StudyDate')).toBe('20200115');
    expect(out.string('LongitudinalTemporalInformationModified')).toBe('UNMODIFIED');
  });
});
