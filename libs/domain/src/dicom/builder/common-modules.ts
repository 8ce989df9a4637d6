import { formatDecimalString } from '../value-input';
import type {
  EquipmentOptions,
  InstanceOptions,
  PatientOptions,
  ResolvedPixels,
  SeriesOptions,
  StudyOptions,
} from './builder-options';
import type { Attribute, ModalityProfile } from './modality-profiles';

/** Defaults are fixed values, never the clock: fixtures must be reproducible. */
export const DEFAULT_DATE = '20240101';
export const DEFAULT_TIME = '120000';

/** Patient module: Type 2 attributes are present even when empty. */
export const patientModule = (p: PatientOptions): Attribute[] => [
  ['PatientName', 'PN', p.name ?? 'GANTRY^TEST'],
  ['PatientID', 'LO', p.id ?? 'GANTRY-0001'],
  ['PatientBirthDate', 'DA', p.birthDate ?? '19700101'],
  ['PatientSex', 'CS', p.sex ?? 'O'],
  ...(p.age === undefined ? [] : [['PatientAge', 'AS', p.age] as const]),
  ...(p.weight === undefined ? [] : [['PatientWeight', 'DS', p.weight] as const]),
  ...(p.size === undefined ? [] : [['PatientSize', 'DS', p.size] as const]),
  ...(p.otherIds === undefined ? [] : [['OtherPatientIDs', 'LO', p.otherIds] as const]),
  ...(p.comments === undefined ? [] : [['PatientComments', 'LT', p.comments] as const]),
];

export const studyModule = (s: StudyOptions, uid: string): Attribute[] => [
  ['StudyInstanceUID', 'UI', uid],
  ['StudyDate', 'DA', s.date ?? DEFAULT_DATE],
  ['StudyTime', 'TM', s.time ?? DEFAULT_TIME],
  ['ReferringPhysicianName', 'PN', s.referringPhysician ?? 'REFERRING^PHYSICIAN'],
  ['StudyID', 'SH', s.id ?? '1'],
  ['AccessionNumber', 'SH', s.accession ?? 'ACC0001'],
  ['StudyDescription', 'LO', s.description ?? 'Gantry synthetic study'],
];

/** With no body part, paired-ness is unknown and Type 2C Laterality must be present (empty). */
const bodyPart = (part: string | undefined): Attribute[] =>
  part === undefined ? [['Laterality', 'CS', null]] : [['BodyPartExamined', 'CS', part]];

export const seriesModule = (s: SeriesOptions, uid: string, profile: ModalityProfile, study: StudyOptions): Attribute[] => [
  ['Modality', 'CS', profile.modality],
  ['SeriesInstanceUID', 'UI', uid],
  ['SeriesNumber', 'IS', s.number ?? 1],
  ['SeriesDescription', 'LO', s.description ?? 'Gantry synthetic series'],
  ['SeriesDate', 'DA', s.date ?? study.date ?? DEFAULT_DATE],
  ['SeriesTime', 'TM', s.time ?? study.time ?? DEFAULT_TIME],
  ...bodyPart(s.bodyPart ?? profile.bodyPart),
  // Type 2C for CT and MR images without a Patient Orientation Code Sequence.
  ...(profile.spatial ? [['PatientPosition', 'CS', 'HFS'] as const] : []),
];

export const equipmentModule = (e: EquipmentOptions): Attribute[] => [
  ['Manufacturer', 'LO', e.manufacturer ?? 'Gantry'],
  ['ManufacturerModelName', 'LO', e.model ?? 'Synthetic'],
  ['DeviceSerialNumber', 'LO', e.serial ?? 'SN0001'],
  ['InstitutionName', 'LO', e.institution ?? 'Gantry General Hospital'],
  ['StationName', 'SH', e.station ?? 'GANTRY01'],
  ['SoftwareVersions', 'LO', e.softwareVersions ?? '0.1'],
  ...(e.department === undefined ? [] : [['InstitutionalDepartmentName', 'LO', e.department] as const]),
];

export const instanceModule = (i: InstanceOptions, sopClassUid: string, sopInstanceUid: string, study: StudyOptions): Attribute[] => [
  ['SOPClassUID', 'UI', sopClassUid],
  ['SOPInstanceUID', 'UI', sopInstanceUid],
  ['InstanceNumber', 'IS', i.number ?? 1],
  ['ContentDate', 'DA', i.date ?? study.date ?? DEFAULT_DATE],
  ['ContentTime', 'TM', i.time ?? study.time ?? DEFAULT_TIME],
  ['InstanceCreationDate', 'DA', i.date ?? study.date ?? DEFAULT_DATE],
  ['InstanceCreationTime', 'TM', i.time ?? study.time ?? DEFAULT_TIME],
];

/** Frame of Reference and Image Plane: an axial stack, 1 mm apart by instance number. */
export const spatialModules = (pixels: ResolvedPixels, frameOfReferenceUid: string, instanceNumber: number): Attribute[] => {
  const spacing = 0.5;
  const z = instanceNumber * 1.0;
  return [
    ['FrameOfReferenceUID', 'UI', frameOfReferenceUid],
    ['PositionReferenceIndicator', 'LO', null],
    ['PixelSpacing', 'DS', [spacing, spacing]],
    ['ImageOrientationPatient', 'DS', [1, 0, 0, 0, 1, 0]],
    ['ImagePositionPatient', 'DS', [-(pixels.columns * spacing) / 2, -(pixels.rows * spacing) / 2, z]],
    ['SliceThickness', 'DS', 1],
    ['SliceLocation', 'DS', formatDecimalString(z)],
  ];
};

/** Palette Color needs its three LUTs: here a grey ramp over the stored range. */
function paletteModule(p: ResolvedPixels): Attribute[] {
  const entries = Math.min(2 ** p.bitsStored, 65536);
  const lut = new Uint8Array(entries * 2);
  const view = new DataView(lut.buffer);
  for (let i = 0; i < entries; i++) view.setUint16(i * 2, Math.round((i / Math.max(1, entries - 1)) * 65535), true);
  const descriptor = [entries === 65536 ? 0 : entries, 0, 16];
  return (['Red', 'Green', 'Blue'] as const).flatMap((c): Attribute[] => [
    [`${c}PaletteColorLookupTableDescriptor`, 'US', descriptor],
    [`${c}PaletteColorLookupTableData`, 'OW', lut],
  ]);
}

export const imagePixelModule = (p: ResolvedPixels, pixelData: Uint8Array): Attribute[] => [
  ['SamplesPerPixel', 'US', p.samplesPerPixel],
  ['PhotometricInterpretation', 'CS', p.photometric],
  ['Rows', 'US', p.rows],
  ['Columns', 'US', p.columns],
  ['BitsAllocated', 'US', p.bitsAllocated],
  ['BitsStored', 'US', p.bitsStored],
  ['HighBit', 'US', p.highBit],
  ['PixelRepresentation', 'US', p.pixelRepresentation],
  ...(p.samplesPerPixel > 1 ? [['PlanarConfiguration', 'US', p.planarConfiguration] as const] : []),
  ...(p.frames > 1 ? [['NumberOfFrames', 'IS', p.frames] as const] : []),
  ...(p.photometric === 'PALETTE COLOR' ? paletteModule(p) : []),
  ['PixelData', p.bitsAllocated > 8 ? 'OW' : 'OB', pixelData],
];
