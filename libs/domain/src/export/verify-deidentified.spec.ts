import type { GantryPipelineConfig } from '../config/config-types';
import { applyDeidentification } from '../deid/apply-deidentification';
import { planDeidentification } from '../deid/plan-deidentification';
import { configWith, plantedValue, testKeys } from '../deid/testing/deid-fixtures';
import { PHI, phiBuilder } from '../deid/testing/phi-fixtures';
import { DataSet } from '../dicom/data-set';
import { parseDicom, type DicomObject } from '../dicom/parse-dicom';
import { vrOf } from '../dicom/tag';
import { writeDicom } from '../dicom/write-dicom';
import { sampleStudies } from '../samples/sample-studies';
import { confidentialityRules } from '../standard/confidentiality';
import { verifyDeidentified } from './verify-deidentified';

const RETAIN_ALL = configWith({
  retainSafePrivate: true, retainUIDs: true, retainDeviceIdentity: true, retainInstitutionIdentity: true,
  retainPatientCharacteristics: true, retainLongitudinalModifiedDates: true, cleanDescriptors: true, cleanStructuredContent: true, cleanGraphics: true,
});

const CONFIGS: [string, GantryPipelineConfig][] = [
  ['the Basic Profile', configWith()],
  ['Patient Name empty, another prefix', configWith({}, { pseudonyms: { patientIdPrefix: 'X-', patientName: 'empty' } })],
  ['modified dates and cleaning', configWith({ retainLongitudinalModifiedDates: true, cleanDescriptors: true, cleanStructuredContent: true, cleanGraphics: true })],
  ['full dates and every retain option', configWith({ retainSafePrivate: true, retainUIDs: true, retainDeviceIdentity: true, retainInstitutionIdentity: true, retainPatientCharacteristics: true, retainLongitudinalFullDates: true })],
  ['every retaining and cleaning option', RETAIN_ALL],
  ['overrides and custom rules', configWith({}, {
    overrides: [{ tag: 'InstitutionName', action: 'replace', value: 'RESEARCH SITE' }, { tag: 'AccessionNumber', action: 'hash' }, { tag: 'PatientAge', action: 'keep' }],
    customRules: [{ id: 'mrn', pattern: 'MRN\\d{6}', action: 'X' }, { id: 'keep-series', tag: 'SeriesDescription', action: 'C' }],
  })],
];

/** The planted patient plus one element for every exact-tag row of Table E.1-1 the data set can hold. */
function everythingPlanted(modality: 'CT' | 'MR' | 'US' | 'SC'): DicomObject {
  const obj = parseDicom(phiBuilder(modality).toBytes());
  confidentialityRules().rules.forEach((rule, n) => {
    const vr = /^[0-9A-F]{8}$/.test(rule.tag) && !rule.tag.startsWith('0002') ? vrOf(rule.tag) : undefined;
    if (vr !== undefined && !obj.dataset.has(rule.tag)) obj.dataset.set(rule.tag, vr, plantedValue(vr, n));
  });
  return obj;
}

/** What the remediator writes: the engine's output, serialized and read back as the exporter reads it. */
function remediated(input: DicomObject, config: GantryPipelineConfig): DicomObject {
  return parseDicom(writeDicom(applyDeidentification(input, planDeidentification(input, config), config, testKeys()).object));
}

let cached: [string, DicomObject][] | undefined;
/** Built once: the builder's pixel patterns are the slow part. The engine never mutates its input. */
const inputs = (): [string, DicomObject][] =>
  (cached ??= [
    ...(['CT', 'MR', 'US', 'SC'] as const).map((m): [string, DicomObject] => [`planted ${m}`, everythingPlanted(m)]),
    ...[...sampleStudies({ perSeries: 1 })].map((f): [string, DicomObject] => [f.path, parseDicom(f.bytes)]),
  ]);

describe('verifyDeidentified', () => {
  it.each(CONFIGS)('passes everything the engine de-identified under %s', (_name, config) => {
    for (const [name, input] of inputs()) {
      expect({ name, violations: verifyDeidentified(remediated(input, config), config) }).toEqual({ name, violations: [] });
    }
  });

  it('fails the original objects, naming paths and codes only', () => {
    const original = phiBuilder('CT').study({ uid: '1.2.826.0.1.3680043.8.498.17' }).toBytes();
    const violations = verifyDeidentified(parseDicom(original), configWith());
    const codes = new Set(violations.map((v) => v.code));
    expect([...codes].sort()).toEqual(['MARKER_MISSING', 'NOT_DUMMY', 'NOT_EMPTY', 'PROFILE_REMOVES', 'UID_NOT_REMAPPED']);
    expect(violations).toContainEqual({ path: '(0010,0010)', code: 'NOT_DUMMY' });
    expect(violations).toContainEqual({ path: '(0020,000D)', code: 'UID_NOT_REMAPPED' });
    expect(JSON.stringify(violations)).not.toMatch(/QUIXOTE|MRN778899/i);
  });

  describe('catches an object tampered with after remediation', () => {
    const config = configWith();
    const clean = (): DicomObject => remediated(everythingPlanted('CT'), config);
    const tamper = (edit: (ds: DataSet, obj: DicomObject) => void): ReturnType<typeof verifyDeidentified> => {
      const obj = clean();
      edit(obj.dataset, obj);
      return verifyDeidentified(parseDicom(writeDicom(obj)), config);
    };

    it.each<[string, (ds: DataSet, obj: DicomObject) => void, { path: string; code: string }]>([
      ['a removed attribute put back', (ds) => ds.set('PatientBirthName', 'PN', 'QUIXOTE^Z'), { path: '(0010,1005)', code: 'PROFILE_REMOVES' }],
      ['an emptied attribute filled', (ds) => ds.set('AccessionNumber', 'SH', PHI.accession), { path: '(0008,0050)', code: 'NOT_EMPTY' }],
      ['the name instead of its pseudonym', (ds) => ds.set('PatientName', 'PN', PHI.name), { path: '(0010,0010)', code: 'NOT_DUMMY' }],
      ['an original UID', (ds) => ds.set('StudyInstanceUID', 'UI', '1.2.826.0.1.3680043.2.1'), { path: '(0020,000D)', code: 'UID_NOT_REMAPPED' }],
      ['a random 2.25 UID', (ds) => ds.set('SeriesInstanceUID', 'UI', '2.25.329800735698586629295641978511506172918'), { path: '(0020,000E)', code: 'UID_NOT_REMAPPED' }],
      ['an unsafe private element', (ds) => ds.setPrivate(0x0011, 'ACME', 0x10, 'LO', 'x'), { path: '(0011,1010)', code: 'PROFILE_REMOVES' }],
      ['a nested removed attribute', (ds) => ds.set('ReferencedPatientSequence', 'SQ', [{ ReferencedSOPInstanceUID: '1.2.3' }]), { path: '(0008,1120)', code: 'PROFILE_REMOVES' }],
      ['the marker cleared', (ds) => ds.set('PatientIdentityRemoved', 'CS', 'NO'), { path: '(0012,0062)', code: 'MARKER_MISSING' }],
      ['a file meta element', (_ds, obj) => obj.meta.set('SourceApplicationEntityTitle', 'AE', 'MODALITY1'), { path: '(0002,0016)', code: 'FILE_META' }],
    ])('%s', (_name, edit, expected) => {
      expect(tamper(edit)).toContainEqual(expected);
    });

    it('a surviving custom pattern match', () => {
      const withRule = configWith({ cleanDescriptors: true }, { customRules: [{ id: 'mrn', pattern: 'MRN\\d{6}', action: 'X' }] });
      const obj = remediated(everythingPlanted('CT'), withRule);
      expect(verifyDeidentified(obj, withRule)).toEqual([]);
      obj.dataset.set('StudyDescription', 'LO', 'see MRN123456');
      expect(verifyDeidentified(parseDicom(writeDicom(obj)), withRule)).toContainEqual({ path: '(0008,1030)', code: 'PROFILE_REMOVES' });
    });

    it('but accepts the redactor\u2019s own Derivation Description', () => {
      expect(tamper((ds) => ds.set('DerivationDescription', 'ST', 'Burned-in annotation removed by Gantry: 2 zone(s) filled in every frame'))).toEqual([]);
      expect(tamper((ds) => ds.set('DerivationDescription', 'ST', 'Burned-in annotation removed by Gantry for Quixote'))).toContainEqual({ path: '(0008,2111)', code: 'PROFILE_REMOVES' });
    });
  });
});
