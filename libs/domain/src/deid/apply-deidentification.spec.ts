import type { GantryPipelineConfig } from '../config/config-types';
import { DicomBuilder } from '../dicom/builder/dicom-builder';
import type { DataSet } from '../dicom/data-set';
import { parseDicom, type DicomObject } from '../dicom/parse-dicom';
import { VRS, vrKind } from '../dicom/vr';
import { writeDicom } from '../dicom/write-dicom';
import { applyDeidentification, DeidPlanMismatchError, type DeidResult } from './apply-deidentification';
import { DEID_METHOD } from './deid-markers';
import { dummyValue } from './dummy-values';
import { planDeidentification } from './plan-deidentification';
import { patientPseudonym } from './pseudonym';
import { VALID_TEXT, configWith, testKeys } from './testing/deid-fixtures';
import { PHI, phiBuilder } from './testing/phi-fixtures';

const KEYS = testKeys();
const run = (obj: DicomObject, config: GantryPipelineConfig): DeidResult => applyDeidentification(obj, planDeidentification(obj, config), config, KEYS);
const written = (r: DeidResult): DataSet => parseDicom(writeDicom(r.object)).dataset;
const codes = (ds: DataSet): string[] => (ds.sequence('DeidentificationMethodCodeSequence') ?? []).map((i) => `${i.string('CodingSchemeDesignator') ?? ''}:${i.string('CodeValue') ?? ''}`);

describe('applyDeidentification', () => {
  it('records the method: Patient Identity Removed, words, CID 7050 codes and the date state', () => {
    const basic = written(run(phiBuilder().build(), configWith()));
    expect(basic.string('PatientIdentityRemoved')).toBe('YES');
    expect(basic.strings('DeidentificationMethod')).toEqual([DEID_METHOD]);
    expect(codes(basic)).toEqual(['DCM:113100']);
    expect(basic.string('LongitudinalTemporalInformationModified')).toBe('REMOVED');
    const config = configWith({ retainUIDs: true, cleanDescriptors: true, retainLongitudinalModifiedDates: true, retainSafePrivate: true, retainInstitutionIdentity: true });
    const options = written(run(phiBuilder().build(), config));
    expect(codes(options)).toEqual(['DCM:113100', 'DCM:113111', 'DCM:113110', 'DCM:113112', 'DCM:113107', 'DCM:113105']);
    expect(options.strings('DeidentificationMethod')).toContain('Retain UIDs');
    expect(options.sequence('DeidentificationMethodCodeSequence')?.[0]?.string('CodeMeaning')).toBe('Basic Application Confidentiality Profile');
  });

  it('appends to an earlier de-identification without repeating its codes', () => {
    const once = run(phiBuilder().build(), configWith({ retainUIDs: true })).object;
    const twice = written(run(parseDicom(writeDicom(once)), configWith({ retainUIDs: true, cleanGraphics: true })));
    expect(codes(twice)).toEqual(['DCM:113100', 'DCM:113110', 'DCM:113103']);
    expect(twice.strings('DeidentificationMethod')).toEqual([DEID_METHOD, 'Retain UIDs', 'Clean Graphics']);
  });

  it('counts what it applied and keeps the originals of what it changed', () => {
    const obj = phiBuilder().build();
    const plan = planDeidentification(obj, configWith());
    const r = applyDeidentification(obj, plan, configWith(), KEYS);
    expect(Object.values(r.counts).reduce((a, b) => a + b, 0)).toBe(plan.actions.length);
    expect(r.counts.K).toBe(plan.actions.filter((a) => a.action === 'K').length);
    const birth = r.changed.find((c) => c.path === '(0010,0030)');
    expect(birth?.original.value).toEqual([PHI.birthDate]);
    expect(r.changed.some((c) => c.path === '(0008,0060)')).toBe(false);
    const id = r.pseudonyms.find((p) => p.kind === 'patientId');
    expect(id).toEqual({ kind: 'patientId', original: PHI.id, pseudonym: patientPseudonym(KEYS, 'GANTRY-', PHI.issuer, PHI.id) });
    expect(r.pseudonyms.some((p) => p.kind === 'uid' && p.original === obj.dataset.string('SOPInstanceUID'))).toBe(true);
  });

  it('gives Patient ID and Name the same keyed pseudonym, or empties the name', () => {
    const out = written(run(phiBuilder().build(), configWith()));
    expect(out.string('PatientID')).toMatch(/^GANTRY-[A-Z2-7]{16}$/);
    expect(out.string('PatientName')).toBe(out.string('PatientID'));
    const empty = written(run(phiBuilder().build(), configWith({}, { pseudonyms: { patientIdPrefix: 'STUDY7-', patientName: 'empty' } })));
    expect(empty.string('PatientID')).toMatch(/^STUDY7-/);
    expect(empty.has('PatientName')).toBe(true);
    expect(empty.string('PatientName')).toBeUndefined();
  });

  it('carries out overrides: replace, hash and keep', () => {
    const config = configWith(
      {},
      {
        overrides: [
          { tag: 'InstitutionName', action: 'replace', value: 'RESEARCH SITE 1' },
          { tag: 'AccessionNumber', action: 'hash' },
          { tag: 'PatientAge', action: 'keep' },
          { tag: 'StudyInstanceUID', action: 'hash' },
        ],
      },
    );
    const obj = phiBuilder().build();
    const out = written(run(obj, config));
    expect(out.string('InstitutionName')).toBe('RESEARCH SITE 1');
    expect(out.string('AccessionNumber')).toMatch(/^[0-9A-F]{16}$/);
    expect(out.string('PatientAge')).toBe('063Y');
    expect(out.string('StudyInstanceUID')).toMatch(/^2\.25\.\d+$/);
    expect(written(run(phiBuilder().build(), config)).string('AccessionNumber')).toBe(out.string('AccessionNumber'));
  });

  it('cleans custom-pattern matches from text it keeps', () => {
    const obj = new DicomBuilder().set('ImageComments', 'LT', 'ref MRN123456 and MRN7').build();
    const config = configWith({ cleanDescriptors: true }, { customRules: [{ id: 'mrn', pattern: 'MRN\\d{6}', action: 'C' }] });
    expect(planDeidentification(obj, config).actions.find((a) => a.path === '(0020,4000)')?.rule).toBe('custom:mrn');
    expect(written(run(obj, config)).string('ImageComments')).toBe('ref *** and MRN7');
  });

  it('refuses a plan made for another object', () => {
    const a = new DicomBuilder().build();
    const b = new DicomBuilder().set('ImageComments', 'LT', 'x').build();
    expect(() => applyDeidentification(b, planDeidentification(a, configWith()), configWith(), KEYS)).toThrow(DeidPlanMismatchError);
    expect(() => applyDeidentification(a, planDeidentification(b, configWith()), configWith(), KEYS)).toThrow(DeidPlanMismatchError);
  });

  it('has a valid, non-empty dummy for every VR', () => {
    for (const vr of VRS) {
      const v = dummyValue(vr);
      if (vr === 'SQ') continue;
      if (v instanceof Uint8Array) {
        expect(v.length % 2).toBe(0);
        expect(v.length).toBeGreaterThan(0);
      } else expect((v as readonly unknown[]).length).toBe(1);
      const shape = VALID_TEXT[vr];
      if (vrKind(vr) === 'text' && shape) expect((v as readonly string[])[0]).toMatch(shape);
    }
  });
});
