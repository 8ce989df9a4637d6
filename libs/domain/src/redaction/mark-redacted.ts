import { DataSet } from '../dicom/data-set';

/**
 * CID 7203 (Image Derivation) has no code for removing burned-in text. DCM 113062 is
 * "Pixel by pixel subtraction" (checked against PS3.16 CID 7203 as DCMTK, GDCM and
 * ClearCanvas carry it), not "Pixel Data modification", so it would state a false
 * derivation. 113047 "Pixel by pixel mask" is the CID 7203 term that fits: the zones are
 * a mask applied to every frame. The free text says exactly what was done.
 */
export const REDACTION_DERIVATION_CODE = { value: '113047', scheme: 'DCM', meaning: 'Pixel by pixel mask' } as const;
/** CID 7050: what the redaction adds to an object's de-identification record. */
export const CLEAN_PIXEL_DATA_CODE = { value: '113101', scheme: 'DCM', meaning: 'Clean Pixel Data Option' } as const;
const CLEAN_PIXEL_DATA_LABEL = 'Clean Pixel Data';
/** ST holds at most 1024 characters (PS3.5 6.2). */
const ST_MAX = 1024;

const codeItem = (c: { value: string; scheme: string; meaning: string }): DataSet =>
  new DataSet().set('00080100', 'SH', c.value).set('00080102', 'SH', c.scheme).set('00080104', 'LO', c.meaning);

function appendCode(ds: DataSet, tag: string, code: { value: string; scheme: string; meaning: string }): void {
  const items = [...(ds.sequence(tag) ?? [])];
  const have = items.some((i) => i.string('00080100') === code.value && i.string('00080102') === code.scheme);
  if (!have) items.push(codeItem(code));
  ds.set(tag, 'SQ', items);
}

function appendDescription(ds: DataSet, zones: number): void {
  const ours = `Burned-in annotation removed by Gantry: ${zones} zone(s) filled in every frame`;
  const previous = ds.string('DerivationDescription');
  const joined = previous ? `${previous}; ${ours}` : ours;
  ds.set('DerivationDescription', 'ST', joined.length <= ST_MAX ? joined : ours);
}

/**
 * Record a pixel redaction in the header (PS3.3 C.7.6.1, PS3.15 E.3.1): Burned In
 * Annotation NO, Image Type value 1 DERIVED (the rest kept; an absent Image Type stays
 * absent), a Derivation Description and Code, Clean Pixel Data in the de-identification
 * record when there is one, and the new SOP Instance UID the caller derived.
 */
export function markRedacted(ds: DataSet, zones: number, newSopInstanceUid: string): void {
  ds.set('BurnedInAnnotation', 'CS', 'NO');
  const imageType = ds.strings('ImageType');
  if (imageType.length > 0) ds.set('ImageType', 'CS', ['DERIVED', ...imageType.slice(1)]);
  appendDescription(ds, zones);
  appendCode(ds, '00089215', REDACTION_DERIVATION_CODE);
  if (ds.has('00120064')) appendCode(ds, '00120064', CLEAN_PIXEL_DATA_CODE);
  const methods = ds.strings('00120063');
  if (methods.length > 0 && !methods.includes(CLEAN_PIXEL_DATA_LABEL)) ds.set('00120063', 'LO', [...methods, CLEAN_PIXEL_DATA_LABEL]);
  ds.set('SOPInstanceUID', 'UI', newSopInstanceUid);
}
