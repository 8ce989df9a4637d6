import type { GantryPipelineConfig } from '../config/config-types';
import { parseDicom, type DicomObject } from '../dicom/parse-dicom';
import { vrOf } from '../dicom/tag';
import { writeDicom } from '../dicom/write-dicom';
import { confidentialityRules } from '../standard/confidentiality';
import { compareProblems } from '../validation/compare-problems';
import { validateIod } from '../validation/validate-iod';
import { applyDeidentification } from './apply-deidentification';
import { planDeidentification } from './plan-deidentification';
import { configWith, plantedValue, testKeys } from './testing/deid-fixtures';
import { phiBuilder } from './testing/phi-fixtures';

/** The planted patient, plus one element for every exact-tag row of Table E.1-1 the data set can hold. */
function everythingPlanted(modality: 'CT' | 'MR' | 'US' | 'SC'): DicomObject {
  const obj = parseDicom(phiBuilder(modality).toBytes());
  confidentialityRules().rules.forEach((rule, n) => {
    const vr = /^[0-9A-F]{8}$/.test(rule.tag) && !rule.tag.startsWith('0002') ? vrOf(rule.tag) : undefined;
    // The SOP Class and Instance stay the builder's, so the object remains an instance of its IOD.
    if (vr !== undefined && !obj.dataset.has(rule.tag)) obj.dataset.set(rule.tag, vr, plantedValue(vr, n));
  });
  return obj;
}

const CONFIGS: [string, GantryPipelineConfig][] = [
  ['the Basic Profile', configWith()],
  ['Patient Name empty', configWith({}, { pseudonyms: { patientIdPrefix: 'X-', patientName: 'empty' } })],
  ['modified dates and cleaning options', configWith({ retainLongitudinalModifiedDates: true, cleanDescriptors: true, cleanStructuredContent: true, cleanGraphics: true })],
  ['every retain option', configWith({ retainSafePrivate: true, retainUIDs: true, retainDeviceIdentity: true, retainInstitutionIdentity: true, retainPatientCharacteristics: true, retainLongitudinalFullDates: true })],
];

describe('IOD conformance after de-identification', () => {
  it.each(['CT', 'MR', 'US', 'SC'] as const)('introduces no new Type 1 or Type 2 problem in a planted %s', (modality) => {
    const input = everythingPlanted(modality);
    const before = validateIod(input.dataset);
    expect(before.some((p) => p.code === 'UNKNOWN_IOD' || p.code === 'IOD_NOT_COVERED')).toBe(false);
    for (const [name, config] of CONFIGS) {
      const out = parseDicom(writeDicom(applyDeidentification(input, planDeidentification(input, config), config, testKeys()).object));
      expect({ name, introduced: compareProblems(before, validateIod(out.dataset)) }).toEqual({ name, introduced: [] });
    }
  });

  it('would notice a removed Type 2 attribute (the check can fail)', () => {
    const input = everythingPlanted('CT');
    const config = configWith({}, { overrides: [{ tag: 'PatientBirthDate', action: 'remove' }, { tag: 'StudyInstanceUID', action: 'empty' }] });
    const out = applyDeidentification(input, planDeidentification(input, config), config, testKeys()).object;
    expect(compareProblems(validateIod(input.dataset), validateIod(out.dataset)).map((p) => `${p.code} ${p.path}`)).toEqual([
      'TYPE2_MISSING (0010,0030)',
      'TYPE1_EMPTY (0020,000D)',
    ]);
  });
});
