/** Options of each DicomBuilder step; everything has a deterministic default. */

export interface PatientOptions {
  name?: string;
  id?: string;
  birthDate?: string;
  sex?: 'M' | 'F' | 'O' | '';
  age?: string;
  weight?: number;
  size?: number;
  otherIds?: string[];
  comments?: string;
}

export interface StudyOptions {
  uid?: string;
  date?: string;
  time?: string;
  accession?: string;
  description?: string;
  id?: string;
  referringPhysician?: string;
}

/** Modalities with IOD defaults; 'SC' and 'OT' both build Secondary Capture images. */
export type BuilderModality = 'CT' | 'MR' | 'US' | 'SC' | 'CR' | 'XA' | 'OT';

export interface SeriesOptions {
  uid?: string;
  modality?: BuilderModality;
  number?: number;
  description?: string;
  bodyPart?: string;
  date?: string;
  time?: string;
}

export interface EquipmentOptions {
  manufacturer?: string;
  model?: string;
  serial?: string;
  institution?: string;
  station?: string;
  softwareVersions?: string;
  department?: string;
}

export interface InstanceOptions {
  uid?: string;
  number?: number;
  sopClassUid?: string;
  date?: string;
  time?: string;
}

export type Photometric = 'MONOCHROME1' | 'MONOCHROME2' | 'RGB' | 'YBR_FULL' | 'PALETTE COLOR';

/** Stored value of one sample; it is masked to Bits Stored. */
export type PixelFunction = (x: number, y: number, frame: number, sample: number) => number;

export interface PixelOptions {
  rows: number;
  columns: number;
  bitsAllocated?: 8 | 16 | 32;
  bitsStored?: number;
  highBit?: number;
  pixelRepresentation?: 0 | 1;
  samplesPerPixel?: 1 | 3;
  photometric?: Photometric;
  planarConfiguration?: 0 | 1;
  frames?: number;
  pattern?: 'gradient' | 'zero' | PixelFunction;
}

/** Pixel options with every default applied. */
export type ResolvedPixels = Required<Omit<PixelOptions, 'planarConfiguration'>> & { planarConfiguration: 0 | 1 };
