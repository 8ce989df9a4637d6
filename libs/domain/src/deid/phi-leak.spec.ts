import { DicomBuilder } from '../dicom/builder/dicom-builder';
import { parseDicom } from '../dicom/parse-dicom';
import { writeDicom } from '../dicom/write-dicom';
import { applyDeidentification } from './apply-deidentification';
import { planDeidentification } from './plan-deidentification';
import { configWith, testKeys } from './testing/deid-fixtures';
import { PHI_TOKENS, SAFE_TEXT_PRIVATE, phiBuilder } from './testing/phi-fixtures';

/** Every option that keeps more than the Basic Profile, at once. */
const RETAIN_ALL = configWith({
  retainSafePrivate: true,
  retainUIDs: true,
  retainDeviceIdentity: true,
  retainPatientCharacteristics: true,
  retainLongitudinalModifiedDates: true,
  cleanDescriptors: true,
  cleanStructuredContent: true,
  cleanGraphics: true,
});

/** The planted tokens found in bytes, searched case-insensitively as latin1 and as UTF-8 text. */
function leaks(bytes: Uint8Array, tokens: readonly string[]): string[] {
  const haystack = Buffer.from(bytes).toString('latin1').toLowerCase();
  return tokens.filter(
    (t) => haystack.includes(Buffer.from(t, 'latin1').toString('latin1').toLowerCase()) || haystack.includes(Buffer.from(t, 'utf8').toString('latin1').toLowerCase()),
  );
}

function deidentify(b: DicomBuilder, config = configWith()): Uint8Array {
  const obj = parseDicom(b.toBytes());
  return writeDicom(applyDeidentification(obj, planDeidentification(obj, config), config, testKeys()).object);
}

describe('planted PHI never reaches the output bytes', () => {
  it('is present in the input, so the search can fail', () => {
    expect(leaks(phiBuilder().toBytes(), PHI_TOKENS)).toEqual([...PHI_TOKENS]);
  });

  it.each([
    ['the Basic Profile', configWith()],
    ['the Basic Profile with Clean Descriptors', configWith({ cleanDescriptors: true })],
    ['every retaining and cleaning option', RETAIN_ALL],
  ])('under %s', (_name, config) => {
    for (const modality of ['CT', 'MR', 'US', 'SC'] as const) {
      expect({ modality, leaks: leaks(deidentify(phiBuilder(modality), config), PHI_TOKENS) }).toEqual({ modality, leaks: [] });
    }
  });

  it('keeps what the options say to keep, cleaned of identifiers', () => {
    const out = parseDicom(deidentify(phiBuilder(), RETAIN_ALL)).dataset;
    expect(out.string('StudyDescription')).toBe('CT chest for *** ***, ***, DOB ***');
    expect(out.string(out.findPrivate(SAFE_TEXT_PRIVATE.group, SAFE_TEXT_PRIVATE.creator, SAFE_TEXT_PRIVATE.element) ?? '')).toBe('SEQ *** 3.0');
    expect(out.findPrivate(0x0009, 'ACME PRIVATE', 0x10)).toBeUndefined();
    const text = out.sequence('ContentSequence')?.[0]?.sequence('ContentSequence')?.[0]?.sequence('ContentSequence')?.[0];
    expect(text?.string('TextValue')).toBe('Patient *** *** (***), born ***; see ***');
    const deep = out.sequence('AnatomicRegionSequence')?.[0]?.sequence('AnatomicRegionModifierSequence')?.[0]?.sequence('ConceptNameCodeSequence')?.[0];
    expect(deep?.string('CodeMeaning')).toBe('Region of *** *** ***');
    expect(deep?.string('CodeValue')).toBe('***');
    expect(deep?.string('PatientID')).toMatch(/^GANTRY-[A-Z2-7]{16}$/);
  });

  it('keeps UTF-8 and Latin-1 names out as well', () => {
    const tokens = ['zébulon', 'quixoté'];
    const utf8 = phiBuilder('CT', 'Quixoté^Zébulon').study({ description: 'für Zébulon Quixoté' });
    expect(leaks(utf8.toBytes(), tokens)).toEqual(tokens);
    expect(leaks(deidentify(utf8, RETAIN_ALL), tokens)).toEqual([]);
    const latin1 = phiBuilder('CT', 'Quixoté^Zébulon').set('SpecificCharacterSet', 'CS', 'ISO_IR 100').study({ description: 'für Zébulon Quixoté' });
    expect(parseDicom(latin1.toBytes()).dataset.string('SpecificCharacterSet')).toBe('ISO_IR 100');
    expect(leaks(latin1.toBytes(), tokens)).toEqual(tokens);
    expect(leaks(deidentify(latin1, RETAIN_ALL), tokens)).toEqual([]);
  });
});
