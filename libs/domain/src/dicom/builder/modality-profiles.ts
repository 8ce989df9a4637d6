import type { ValueInput } from '../value-input';
import type { Vr } from '../vr';
import type { BuilderModality, ResolvedPixels } from './builder-options';

export type Attribute = readonly [keyword: string, vr: Vr, value: ValueInput];

export interface ProfileContext {
  readonly pixels: ResolvedPixels;
  readonly instanceNumber: number;
}

/** What a modality adds to the common modules to make a valid instance of its IOD. */
export interface ModalityProfile {
  /** The (0008,0060) value. */
  readonly modality: string;
  readonly sopClassUid: (frames: number) => string;
  readonly pixels: Omit<ResolvedPixels, 'pattern' | 'frames'>;
  /** Whether the IOD has the Frame of Reference and Image Plane modules. */
  readonly spatial: boolean;
  /**
   * Default Body Part Examined. Laterality is Type 2C on a paired body part, which a
   * validator cannot judge without one, so profiles name an unpaired part or none
   * (and then an empty Laterality is written).
   */
  readonly bodyPart?: string;
  readonly attributes: (ctx: ProfileContext) => readonly Attribute[];
}

export const SOP_CLASS = {
  CT: '1.2.840.10008.5.1.4.1.1.2',
  MR: '1.2.840.10008.5.1.4.1.1.4',
  US: '1.2.840.10008.5.1.4.1.1.6.1',
  US_MULTIFRAME: '1.2.840.10008.5.1.4.1.1.3.1',
  SC: '1.2.840.10008.5.1.4.1.1.7',
  CR: '1.2.840.10008.5.1.4.1.1.1',
  XA: '1.2.840.10008.5.1.4.1.1.12.1',
} as const;

const mono = (rows: number, bits: 8 | 16, stored: number): ModalityProfile['pixels'] => ({
  rows,
  columns: rows,
  bitsAllocated: bits,
  bitsStored: stored,
  highBit: stored - 1,
  pixelRepresentation: 0,
  samplesPerPixel: 1,
  photometric: 'MONOCHROME2',
  planarConfiguration: 0,
});

/** Cine and Multi-frame modules: frames advance by Frame Time (0018,1063). */
const cine = (frames: number): readonly Attribute[] =>
  frames > 1
    ? [
        ['NumberOfFrames', 'IS', frames],
        ['FrameIncrementPointer', 'AT', '00181063'],
        ['FrameTime', 'DS', 33.3],
        ['CineRate', 'IS', 30],
      ]
    : [];

const CT: ModalityProfile = {
  modality: 'CT',
  bodyPart: 'CHEST',
  sopClassUid: () => SOP_CLASS.CT,
  pixels: mono(64, 16, 12),
  spatial: true,
  attributes: () => [
    ['ImageType', 'CS', 'ORIGINAL\\PRIMARY\\AXIAL'],
    ['RescaleIntercept', 'DS', -1024],
    ['RescaleSlope', 'DS', 1],
    ['RescaleType', 'LO', 'HU'],
    ['KVP', 'DS', 120],
    ['AcquisitionNumber', 'IS', 1],
    ['ConvolutionKernel', 'SH', 'STANDARD'],
    ['XRayTubeCurrent', 'IS', 200],
    ['ExposureTime', 'IS', 1000],
    ['WindowCenter', 'DS', 40],
    ['WindowWidth', 'DS', 400],
  ],
};

const MR: ModalityProfile = {
  modality: 'MR',
  bodyPart: 'HEAD',
  sopClassUid: () => SOP_CLASS.MR,
  pixels: mono(64, 16, 12),
  spatial: true,
  attributes: () => [
    ['ImageType', 'CS', 'ORIGINAL\\PRIMARY\\OTHER'],
    ['ScanningSequence', 'CS', 'SE'],
    ['SequenceVariant', 'CS', 'NONE'],
    ['ScanOptions', 'CS', null],
    ['MRAcquisitionType', 'CS', '2D'],
    ['RepetitionTime', 'DS', 500],
    ['EchoTime', 'DS', 15],
    ['EchoTrainLength', 'IS', 1],
    ['MagneticFieldStrength', 'DS', 1.5],
    ['ImagedNucleus', 'SH', '1H'],
    ['AcquisitionNumber', 'IS', 1],
  ],
};

const US: ModalityProfile = {
  modality: 'US',
  bodyPart: 'ABDOMEN',
  sopClassUid: (frames) => (frames > 1 ? SOP_CLASS.US_MULTIFRAME : SOP_CLASS.US),
  pixels: mono(64, 8, 8),
  spatial: false,
  attributes: ({ pixels }) => [
    ['ImageType', 'CS', 'ORIGINAL\\PRIMARY\\ABDOMINAL'],
    ['PatientOrientation', 'CS', null],
    ['LossyImageCompression', 'CS', '00'],
    ...cine(pixels.frames),
  ],
};

const secondaryCapture = (modality: BuilderModality): ModalityProfile => ({
  modality: 'OT',
  sopClassUid: () => SOP_CLASS.SC,
  pixels: mono(64, 8, 8),
  spatial: false,
  attributes: () => [
    ['ConversionType', 'CS', modality === 'SC' ? 'WSD' : 'SYN'],
    ['ImageType', 'CS', 'DERIVED\\SECONDARY'],
    ['PatientOrientation', 'CS', null],
  ],
});

const CR: ModalityProfile = {
  modality: 'CR',
  bodyPart: 'CHEST',
  sopClassUid: () => SOP_CLASS.CR,
  pixels: mono(64, 16, 12),
  spatial: false,
  attributes: () => [
    ['ImageType', 'CS', 'ORIGINAL\\PRIMARY'],
    ['ViewPosition', 'CS', 'PA'],
    ['KVP', 'DS', 80],
    ['PatientOrientation', 'CS', 'L\\F'],
  ],
};

const XA: ModalityProfile = {
  modality: 'XA',
  bodyPart: 'HEART',
  sopClassUid: () => SOP_CLASS.XA,
  pixels: mono(64, 8, 8),
  spatial: false,
  attributes: ({ pixels }) => [
    ['ImageType', 'CS', 'ORIGINAL\\PRIMARY\\SINGLE PLANE'],
    ['PixelIntensityRelationship', 'CS', 'LIN'],
    ['ContrastBolusAgent', 'LO', null],
    ['KVP', 'DS', 80],
    ['RadiationSetting', 'CS', 'GR'],
    ['XRayTubeCurrent', 'IS', 10],
    ['ExposureTime', 'IS', 100],
    ['PositionerPrimaryAngle', 'DS', 0],
    ['PositionerSecondaryAngle', 'DS', 0],
    ['PositionerMotion', 'CS', pixels.frames > 1 ? 'STATIC' : null],
    ['PatientOrientation', 'CS', 'L\\F'],
    ...cine(pixels.frames),
  ],
};

const PROFILES: Readonly<Record<BuilderModality, ModalityProfile>> = {
  CT,
  MR,
  US,
  SC: secondaryCapture('SC'),
  OT: secondaryCapture('OT'),
  CR,
  XA,
};

export const modalityProfile = (modality: BuilderModality): ModalityProfile => PROFILES[modality];
