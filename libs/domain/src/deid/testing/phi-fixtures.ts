import { DicomBuilder } from '../../dicom/builder/dicom-builder';
import type { BuilderModality } from '../../dicom/builder/builder-options';
import type { PlainItem } from '../../dicom/value-input';

/*
 * A synthetic patient whose identifiers are planted everywhere an identifier can hide:
 * the patient module, free text, sequences three levels deep, SR content and private
 * elements (one on the safe list). Everything here is invented.
 */
export const PHI = {
  name: 'QUIXOTE^ZEBULON^ALONSO',
  id: 'MRN778899',
  otherId: 'OTH55443',
  birthDate: '19610203',
  accession: 'ACC99881',
  issuer: 'ELSEWHERE GENERAL',
} as const;

/** Lower-case tokens that must not survive anywhere in the output bytes. */
export const PHI_TOKENS = [
  'zebulon', 'quixote', 'alonso', 'mrn778899', 'oth55443', '19610203', '03/02/1961', '1961-02-03', '02/03/1961',
  '03.02.1961', '3 feb 1961', 'acc99881', 'elsewhere', 'rue de la mancha',
] as const;

/** A safe-listed private element (Retain Safe Private keeps it) that holds text. */
export const SAFE_TEXT_PRIVATE = { creator: 'GEMS_ACQU_01', group: 0x0019, element: 0x9c } as const;

const leaf: PlainItem = {
  CodeValue: { vr: 'SH', value: PHI.id },
  CodingSchemeDesignator: 'DCM',
  CodeMeaning: { vr: 'LO', value: 'Region of Zebulon Quixote 03.02.1961' },
  PersonName: { vr: 'PN', value: 'QUIXOTE^ZEBULON' },
  PatientID: { vr: 'LO', value: PHI.id },
};

/** Three levels of sequences the profile does not list (so they are kept and walked). */
const threeDeep: PlainItem[] = [{ CodeValue: 'T-D0000', AnatomicRegionModifierSequence: [{ ConceptNameCodeSequence: [leaf] }] }];

/** An SR content tree three levels deep, with free text, a person and a date. */
const srContent: PlainItem[] = [
  {
    ValueType: 'CONTAINER',
    ContentSequence: [
      {
        ValueType: 'CONTAINER',
        ContentSequence: [
          { ValueType: 'TEXT', TextValue: 'Patient Zebulon QUIXOTE (MRN778899), born 3 Feb 1961; see ACC99881' },
          { ValueType: 'PNAME', PersonName: { vr: 'PN', value: 'QUIXOTE^ZEBULON' } },
          { ValueType: 'DATE', Date: { vr: 'DA', value: PHI.birthDate } },
        ],
      },
    ],
  },
];

/** A builder of one instance of the planted patient; `name` overrides the patient's name. */
export function phiBuilder(modality: BuilderModality = 'CT', name: string = PHI.name): DicomBuilder {
  return new DicomBuilder({ seed: `phi-${modality}` })
    .series({ modality, description: 'Quixote 1961-02-03' })
    .patient({ name, id: PHI.id, birthDate: PHI.birthDate, sex: 'M', age: '063Y', otherIds: [PHI.otherId], comments: 'Zebulon likes windmills' })
    .study({ accession: PHI.accession, description: 'CT chest for Zebulon Quixote, MRN778899, DOB 03/02/1961', referringPhysician: 'SANCHO^PANZA' })
    .equipment({ institution: 'Elsewhere General', station: 'QUIXOTE-PC', serial: 'SN-ZEBULON' })
    .set('IssuerOfPatientID', 'LO', PHI.issuer)
    .set('PatientAddress', 'LO', '1 Rue de la Mancha')
    .set('OtherPatientNames', 'PN', 'QUIXOTE^ZEB')
    .set('ImageComments', 'LT', 'zebulon quixote follow-up 02/03/1961 (MM/DD/YYYY)')
    .set('AnatomicRegionSequence', 'SQ', threeDeep)
    .set('ContentSequence', 'SQ', srContent)
    .set('RequestAttributesSequence', 'SQ', [{ AccessionNumber: PHI.accession, RequestedProcedureID: 'RP-ZEBULON', RequestedProcedureDescription: 'for quixote' }])
    .private(0x0009, 'ACME PRIVATE', 0x10, 'LO', 'Zebulon Quixote')
    .private(0x0009, 'ACME PRIVATE', 0x11, 'SQ', [{ PatientName: 'QUIXOTE^ZEBULON' }])
    .private(SAFE_TEXT_PRIVATE.group, SAFE_TEXT_PRIVATE.creator, SAFE_TEXT_PRIVATE.element, 'LO', 'SEQ QUIXOTE 3.0');
}
