import { DicomObject, GantryEvent, INSTANCE_INDEXED, isGantryUid, isPseudonym, LayoutValues } from '@gantry/domain';

type IndexedEvent = GantryEvent<typeof INSTANCE_INDEXED>;

const MODALITY = /^[A-Z0-9]{1,16}$/;

/** A pseudonym prefix may hold spaces; a path segment may not. */
const segment = (s: string): string => s.replace(/[^A-Za-z0-9._-]/g, '_');

function uidOr(obj: DicomObject, keyword: string, fallback: string): string {
  const uid = obj.dataset.string(keyword)?.trim() ?? '';
  return isGantryUid(uid) ? uid : fallback;
}

/**
 * The values a layout template may use, all pseudonymous or opaque: the patient's keyed
 * pseudonym and the keyed 2.25 UIDs as the exported object carries them. Where the object
 * holds anything else (an empty Patient ID, UIDs kept under Retain UIDs), the catalog's
 * opaque keys stand in, so an original identifier never becomes a file or object name.
 */
export function layoutValuesOf(obj: DicomObject, indexed: IndexedEvent, prefix: string): LayoutValues {
  const patientId = obj.dataset.string('PatientID')?.trim() ?? '';
  const modality = obj.dataset.string('Modality')?.trim().toUpperCase() ?? '';
  return {
    patient: isPseudonym(patientId, prefix) ? segment(patientId) : indexed.data.patientKey,
    study: uidOr(obj, 'StudyInstanceUID', indexed.data.studyKey),
    series: uidOr(obj, 'SeriesInstanceUID', indexed.data.seriesKey),
    instance: uidOr(obj, 'SOPInstanceUID', indexed.data.key),
    key: indexed.data.key,
    modality: MODALITY.test(modality) ? modality : 'OT',
  };
}
