import { DicomBuilder, PlainItem, writeDicom } from '@gantry/domain';

/*
 * One invented patient with two studies, whose identifiers are planted everywhere they can
 * hide: the patient module, StudyDescription and other free text, sequences three levels
 * deep, an SR TextValue, and private elements. None of it may survive de-identification.
 */
export const PHI = {
  name: 'QUIXOTE^ZEBULON^ALONSO',
  id: 'MRN778899',
  otherId: 'OTH55443',
  birthDate: '19610203',
  accession: 'ACC99881',
  issuer: 'ELSEWHERE GENERAL',
} as const;

/** Case-insensitive tokens that must not occur anywhere in a remediated object's bytes. */
export const PHI_TOKENS = [
  'zebulon', 'quixote', 'alonso', 'mrn778899', 'oth55443', '19610203', '1961-02-03', '03/02/1961', '02/03/1961',
  'acc99881', 'elsewhere', 'mancha', 'sancho',
] as const;

/** The tokens found in some bytes (latin1 view, case-insensitive): [] when clean. */
export function plantedTokensIn(bytes: Uint8Array): string[] {
  const text = Buffer.from(bytes).toString('latin1').toLowerCase();
  return PHI_TOKENS.filter((t) => text.includes(t));
}

const leaf: PlainItem = {
  CodeValue: { vr: 'SH', value: PHI.id },
  CodingSchemeDesignator: 'DCM',
  CodeMeaning: { vr: 'LO', value: 'Region of Zebulon Quixote 03.02.1961' },
  PersonName: { vr: 'PN', value: 'QUIXOTE^ZEBULON' },
};

/** Three levels of sequences the profile keeps and walks, the identifiers at the bottom. */
const threeDeep: PlainItem[] = [{ CodeValue: 'T-D0000', CodingSchemeDesignator: 'SRT', CodeMeaning: 'Region', AnatomicRegionModifierSequence: [{ ConceptNameCodeSequence: [leaf] }] }];

/**
 * SR content: a text naming the patient, their ID, birth date and the study's accession, and
 * an image reference, which must follow the referenced instance's new UID.
 */
const srContent = (accession: string, image: { classUid: string; instanceUid: string }): PlainItem[] => [
  {
    RelationshipType: 'CONTAINS',
    ValueType: 'TEXT',
    ConceptNameCodeSequence: [{ CodeValue: '121071', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Finding' }],
    TextValue: `Patient Zebulon QUIXOTE (MRN778899), born 1961-02-03; see ${accession}`,
  },
  {
    RelationshipType: 'CONTAINS',
    ValueType: 'IMAGE',
    ConceptNameCodeSequence: [{ CodeValue: '121080', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Best illustration of finding' }],
    ReferencedSOPSequence: [{ ReferencedSOPClassUID: image.classUid, ReferencedSOPInstanceUID: image.instanceUid }],
  },
];

const accessionOf = (study: number): string => `${PHI.accession}${study}`;

export interface PlantedFile {
  name: string;
  bytes: Uint8Array;
}

/** Study dates 55 days apart: de-identification under modified dates must keep that interval. */
export const STUDY_DATES = ['20240110', '20240305'] as const;

function image(study: number, instance: number): DicomBuilder {
  return new DicomBuilder({ seed: `planted-${study}-${instance}` })
    .patient({ name: PHI.name, id: PHI.id, birthDate: PHI.birthDate, sex: 'M', age: '062Y', otherIds: [PHI.otherId], comments: 'Zebulon likes windmills' })
    .study({ uid: `2.25.7700${study}`, date: STUDY_DATES[study], time: '101500', accession: accessionOf(study), description: `CT chest for Zebulon Quixote, MRN778899, DOB 03/02/1961`, id: `S${study}`, referringPhysician: 'SANCHO^PANZA' })
    .series({ uid: `2.25.7700${study}1`, modality: 'CT', number: 1, description: 'Quixote 1961-02-03' })
    .equipment({ manufacturer: 'ACME', model: 'Scan 9', serial: 'SN-77', institution: 'Elsewhere General', station: 'CT-1' })
    .instance({ number: instance + 1 })
    .pixels({ rows: 16, columns: 16, bitsAllocated: 16 })
    .set('IssuerOfPatientID', 'LO', PHI.issuer)
    .set('PatientAddress', 'LO', '1 Rue de la Mancha')
    .set('ImageComments', 'LT', 'zebulon quixote follow-up 02/03/1961')
    .set('AnatomicRegionSequence', 'SQ', threeDeep)
    .private(0x0009, 'ACME PRIVATE', 0x10, 'LO', 'Zebulon Quixote')
    .private(0x0009, 'ACME PRIVATE', 0x11, 'SQ', [{ PatientName: 'QUIXOTE^ZEBULON' }]);
}

/** A Basic Text SR of the first study: identifiers in a TextValue, and a reference to one of its images. */
function report(shown: { classUid: string; instanceUid: string }): Uint8Array {
  const obj = image(0, 9).instance({ number: 10, sopClassUid: '1.2.840.10008.5.1.4.1.1.88.11' }).build();
  for (const tag of obj.dataset.tags()) if (tag.startsWith('0028') || tag === '7FE00010' || tag === '00080008' || tag === '00200020' || tag === '00200060') obj.dataset.delete(tag);
  obj.dataset.delete('AnatomicRegionSequence');
  obj.dataset
    .set('Modality', 'CS', 'SR')
    .set('SeriesInstanceUID', 'UI', '2.25.770002')
    .set('SeriesNumber', 'IS', '2')
    .set('ValueType', 'CS', 'CONTAINER')
    .set('ConceptNameCodeSequence', 'SQ', [{ CodeValue: '11528-7', CodingSchemeDesignator: 'LN', CodeMeaning: 'Radiology Report' }])
    .set('ContinuityOfContent', 'CS', 'SEPARATE')
    .set('CompletionFlag', 'CS', 'COMPLETE')
    .set('VerificationFlag', 'CS', 'UNVERIFIED')
    .set('ContentSequence', 'SQ', srContent(accessionOf(0), shown));
  return writeDicom(obj);
}

/** Two studies of the planted patient: three CT images each, and an SR report in the first. */
export function plantedFiles(): PlantedFile[] {
  const images = [0, 1].flatMap((study) => [0, 1, 2].map((i) => ({ name: `study${study}/ct${i}.dcm`, obj: image(study, i).build() })));
  const first = (images[0] as (typeof images)[number]).obj.dataset;
  const referenced = { classUid: first.string('SOPClassUID') ?? '', instanceUid: first.string('SOPInstanceUID') ?? '' };
  return [...images.map((i) => ({ name: i.name, bytes: writeDicom(i.obj) })), { name: 'study0/report.dcm', bytes: report(referenced) }];
}
