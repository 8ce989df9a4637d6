import { DicomBuilder } from '../dicom/builder';
import { BuilderModality, PixelOptions } from '../dicom/builder/builder-options';

/** One generated file: a relative path and its Part 10 bytes. */
export interface SampleFile {
  path: string;
  bytes: Uint8Array;
}

interface Device {
  modality: BuilderModality;
  manufacturer: string;
  model: string;
  serial: string;
  pixels: PixelOptions;
}

/** A small fleet: the machine-centric inventory groups by these. Invented names and serials. */
const DEVICES: readonly Device[] = [
  { modality: 'CT', manufacturer: 'GE MEDICAL SYSTEMS', model: 'LightSpeed VCT', serial: 'CT-0042', pixels: { rows: 512, columns: 512, bitsAllocated: 16, pixelRepresentation: 1 } },
  { modality: 'MR', manufacturer: 'SIEMENS', model: 'Skyra', serial: 'MR-7781', pixels: { rows: 256, columns: 256, bitsAllocated: 16 } },
  { modality: 'US', manufacturer: 'Philips', model: 'EPIQ 7', serial: 'US-1203', pixels: { rows: 480, columns: 640, bitsAllocated: 8, samplesPerPixel: 3, photometric: 'RGB', frames: 3 } },
  { modality: 'CR', manufacturer: 'FUJIFILM', model: 'FCR CAPSULA', serial: 'CR-0007', pixels: { rows: 512, columns: 512, bitsAllocated: 16, photometric: 'MONOCHROME1' } },
];

/** Invented patients; the point of demo data is that these values must not survive de-identification. */
const PATIENTS = [
  { name: 'DOE^JANE^Q', id: 'MRN100234', birthDate: '19710304', sex: 'F' as const },
  { name: 'ROE^RICHARD', id: 'MRN100871', birthDate: '19580921', sex: 'M' as const },
  { name: 'SMITH^ALEX', id: 'MRN102245', birthDate: '19900115', sex: 'O' as const },
];

export interface SampleOptions {
  /** Instances per series (default 4). */
  perSeries?: number;
  seed?: string;
}

/**
 * Deterministic sample studies made with the builder: several patients, each with a study
 * per device, PHI planted in descriptions and comments, one device per modality. Used by
 * `gantry demo-data` and the README's first command.
 */
export function* sampleStudies(options: SampleOptions = {}): Generator<SampleFile> {
  const perSeries = options.perSeries ?? 4;
  const seed = options.seed ?? 'gantry-demo';
  for (const [p, patient] of PATIENTS.entries()) {
    for (const [d, device] of DEVICES.entries()) {
      for (let i = 1; i <= perSeries; i++) {
        const builder = new DicomBuilder({ seed: `${seed}/${p}/${d}/${i}` })
          .patient({ ...patient, comments: `Patient ${patient.name.split('^')[0]} seen in clinic` })
          .study({
            uid: `2.25.${1000 + p}${100 + d}`, date: `2024${String(1 + d).padStart(2, '0')}1${p}`, time: '101500',
            accession: `ACC${p}${d}0042`, description: `${device.modality} follow-up for ${patient.name.split('^')[0]}`,
            referringPhysician: 'HOUSE^GREGORY',
          })
          .series({ uid: `2.25.${1000 + p}${100 + d}1`, modality: device.modality, number: 1, description: 'routine' })
          .equipment({ manufacturer: device.manufacturer, model: device.model, serial: device.serial, institution: 'St. Example Hospital', station: `${device.modality}-ROOM-1` })
          .instance({ number: i })
          .pixels({ pattern: 'gradient', ...device.pixels });
        yield { path: `patient-${p + 1}/${device.modality.toLowerCase()}/img-${String(i).padStart(4, '0')}.dcm`, bytes: builder.toBytes() };
      }
    }
  }
}
