import type { ProfileOptions } from '../config/config-types';
import { DataSet } from '../dicom/data-set';
import type { DicomElement } from '../dicom/element';
import type { ProfileOption } from '../standard/types';

/**
 * CID 7050 De-identification Method codes (scheme DCM) for what this step did. 113101
 * Clean Pixel Data is the redactor's to add, and 113102 Clean Recognizable Visual
 * Features is not an option Gantry offers.
 */
export const BASIC_PROFILE_CODE = { value: '113100', meaning: 'Basic Application Confidentiality Profile' } as const;
export const OPTION_CODES: Readonly<Record<ProfileOption, { readonly value: string; readonly meaning: string; readonly label: string }>> = {
  cleanGraphics: { value: '113103', meaning: 'Clean Graphics Option', label: 'Clean Graphics' },
  cleanStructuredContent: { value: '113104', meaning: 'Clean Structured Content Option', label: 'Clean Structured Content' },
  cleanDescriptors: { value: '113105', meaning: 'Clean Descriptors Option', label: 'Clean Descriptors' },
  retainLongitudinalFullDates: {
    value: '113106',
    meaning: 'Retain Longitudinal Temporal Information Full Dates Option',
    label: 'Retain Longitudinal Full Dates',
  },
  retainLongitudinalModifiedDates: {
    value: '113107',
    meaning: 'Retain Longitudinal Temporal Information Modified Dates Option',
    label: 'Retain Longitudinal Modified Dates',
  },
  retainPatientCharacteristics: { value: '113108', meaning: 'Retain Patient Characteristics Option', label: 'Retain Patient Characteristics' },
  retainDeviceIdentity: { value: '113109', meaning: 'Retain Device Identity Option', label: 'Retain Device Identity' },
  retainUIDs: { value: '113110', meaning: 'Retain UIDs Option', label: 'Retain UIDs' },
  retainSafePrivate: { value: '113111', meaning: 'Retain Safe Private Option', label: 'Retain Safe Private' },
  retainInstitutionIdentity: { value: '113112', meaning: 'Retain Institution Identity Option', label: 'Retain Institution Identity' },
};

export const DEID_METHOD = 'Gantry PS3.15 Basic Profile (2024b)';

const codeItem = (value: string, meaning: string): DataSet =>
  new DataSet().set('00080100', 'SH', value).set('00080102', 'SH', 'DCM').set('00080104', 'LO', meaning);

/** Longitudinal Temporal Information Modified (0028,0303): what happened to dates and times. */
const temporalState = (o: ProfileOptions): string =>
  o.retainLongitudinalModifiedDates ? 'MODIFIED' : o.retainLongitudinalFullDates ? 'UNMODIFIED' : 'REMOVED';

/**
 * Record the de-identification in the object (PS3.15 E.1.1): Patient Identity Removed
 * YES, the method in words and as CID 7050 codes (appended to those of an earlier
 * de-identification), and the state of temporal information. Returns the elements it
 * replaced, for the reversible record.
 */
export function addDeidMarkers(ds: DataSet, options: ProfileOptions, enabled: readonly ProfileOption[]): DicomElement[] {
  const replaced = ['00120062', '00120063', '00120064', '00280303'].map((t) => ds.get(t)).filter((e): e is DicomElement => e !== undefined);
  const methods = [...ds.strings('00120063'), DEID_METHOD, ...enabled.map((o) => OPTION_CODES[o].label)];
  const items = [...(ds.sequence('00120064') ?? [])];
  const have = new Set(items.map((i) => `${i.string('00080102') ?? ''}|${i.string('00080100') ?? ''}`));
  for (const code of [BASIC_PROFILE_CODE, ...enabled.map((o) => OPTION_CODES[o])]) {
    if (!have.has(`DCM|${code.value}`)) items.push(codeItem(code.value, code.meaning));
  }
  ds.set('00120062', 'CS', 'YES');
  ds.set('00120063', 'LO', [...new Set(methods)]);
  ds.set('00120064', 'SQ', items);
  ds.set('00280303', 'CS', temporalState(options));
  return replaced;
}
