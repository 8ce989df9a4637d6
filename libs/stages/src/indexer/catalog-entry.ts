import { DataSet, KeyRing } from '@gantry/domain';

/** What the indexer learns from one instance header. Values are PHI: catalog only. */
export interface CatalogEntry {
  instanceKey: string;
  patient: { key: string; id: string; issuer: string; name: string; birthDate: string; sex: string };
  study: { key: string; uid: string; date: string; time: string; accession: string; description: string; id: string };
  series: { key: string; uid: string; modality: string; number: string; description: string; bodyPart: string };
  device: { key: string; manufacturer: string; model: string; serial: string; station: string; institution: string };
  instance: {
    sopInstanceUid: string;
    sopClassUid: string;
    number: string;
    rows: number | null;
    columns: number | null;
    frames: number | null;
    burnedIn: string;
    imageType: string;
  };
}

const text = (ds: DataSet, keyword: string): string => ds.string(keyword) ?? '';

const int = (ds: DataSet, keyword: string): number | null => {
  const n = ds.number(keyword);
  if (n !== undefined) return Number(n);
  const s = ds.string(keyword);
  return s && /^[+-]?\d+$/.test(s.trim()) ? Number.parseInt(s, 10) : null;
};

/**
 * Patients are identified by ID within its issuer. An instance without a Patient ID falls
 * back to name and birth date, so anonymous inputs still group instead of merging into one.
 */
function patientIdentity(ds: DataSet): string {
  const id = text(ds, 'PatientID');
  if (id) return `id\0${text(ds, 'IssuerOfPatientID')}\0${id}`;
  return `nameddob\0${text(ds, 'PatientName')}\0${text(ds, 'PatientBirthDate')}`;
}

/** Reads the catalog-relevant attributes and derives every opaque key from the deployment key. */
export function catalogEntryOf(ds: DataSet, keys: KeyRing): CatalogEntry {
  const sopInstanceUid = text(ds, 'SOPInstanceUID');
  const studyUid = text(ds, 'StudyInstanceUID');
  const seriesUid = text(ds, 'SeriesInstanceUID');
  const manufacturer = text(ds, 'Manufacturer');
  const model = text(ds, 'ManufacturerModelName');
  const serial = text(ds, 'DeviceSerialNumber');
  return {
    instanceKey: keys.instanceKey(sopInstanceUid),
    patient: {
      key: keys.opaque('patient', patientIdentity(ds)),
      id: text(ds, 'PatientID'),
      issuer: text(ds, 'IssuerOfPatientID'),
      name: text(ds, 'PatientName'),
      birthDate: text(ds, 'PatientBirthDate'),
      sex: text(ds, 'PatientSex'),
    },
    study: {
      key: keys.opaque('study', studyUid),
      uid: studyUid,
      date: text(ds, 'StudyDate'),
      time: text(ds, 'StudyTime'),
      accession: text(ds, 'AccessionNumber'),
      description: text(ds, 'StudyDescription'),
      id: text(ds, 'StudyID'),
    },
    series: {
      key: keys.opaque('series', seriesUid),
      uid: seriesUid,
      modality: text(ds, 'Modality'),
      number: text(ds, 'SeriesNumber'),
      description: text(ds, 'SeriesDescription'),
      bodyPart: text(ds, 'BodyPartExamined'),
    },
    device: {
      // Case-folded so "GE MEDICAL SYSTEMS" and "GE Medical Systems" are one device.
      key: keys.opaque('device', [manufacturer, model, serial].map((s) => s.toUpperCase()).join('\0')),
      manufacturer,
      model,
      serial,
      station: text(ds, 'StationName'),
      institution: text(ds, 'InstitutionName'),
    },
    instance: {
      sopInstanceUid,
      sopClassUid: text(ds, 'SOPClassUID'),
      number: text(ds, 'InstanceNumber'),
      rows: int(ds, 'Rows'),
      columns: int(ds, 'Columns'),
      frames: int(ds, 'NumberOfFrames'),
      burnedIn: text(ds, 'BurnedInAnnotation'),
      imageType: (ds.strings('ImageType') ?? []).join('\\'),
    },
  };
}
