import { isRegistryUid } from '../deid/uid-remap';
import type { DataSet } from '../dicom/data-set';
import { vrKind } from '../dicom/vr';
import { walk } from '../dicom/walk';
import { confidentialityRules } from '../standard/confidentiality';

/**
 * One patient's original identifying values, for the export's known-value scan. Held in
 * memory only while one object is checked: never logged, never put in an event.
 */
export interface KnownValues {
  /** Person names as stored ('Family^Given^Middle'), the patient's own and other names. */
  readonly names: readonly string[];
  /** Patient ID, other IDs, issuer, accession and other MRN-like identifiers. */
  readonly ids: readonly string[];
  /** YYYYMMDD. */
  readonly birthDates: readonly string[];
  /** Instance-level UIDs the profile remaps (study, series, SOP instance, frame of reference, …). */
  readonly uids: readonly string[];
}

export const NO_KNOWN_VALUES: KnownValues = { names: [], ids: [], birthDates: [], uids: [] };

type Kind = Exclude<keyof KnownValues, 'uids'>;

/** Where the patient's identifiers live, at any depth (as the inspector's identifier matchers read them). */
const SOURCES: Readonly<Record<string, Kind>> = {
  '00100010': 'names', // Patient's Name
  '00101001': 'names', // Other Patient Names
  '00101005': 'names', // Patient's Birth Name
  '00101060': 'names', // Patient's Mother's Birth Name
  '00100020': 'ids', // Patient ID
  '00101000': 'ids', // Other Patient IDs
  '00100021': 'ids', // Issuer of Patient ID
  '00080050': 'ids', // Accession Number
  '00101090': 'ids', // Medical Record Locator
  '00380010': 'ids', // Admission ID
  '00401001': 'ids', // Requested Procedure ID
  '00402016': 'ids', // Placer Order Number
  '00402017': 'ids', // Filler Order Number
  '00100030': 'birthDates', // Patient's Birth Date
};

/** UI attributes whose basic-profile code remaps them (U, X/Z/U*): instance identity, not classes. */
function remappedUidTag(tag: string): boolean {
  return confidentialityRules().ruleForTag(tag)?.basic.includes('U') === true;
}

/**
 * The identifying values of an original object (its header, file meta included).
 * `uids: false` when the configuration retains UIDs: they are then meant to survive.
 */
export function knownValuesOf(meta: DataSet, dataset: DataSet, options: { uids: boolean } = { uids: true }): KnownValues {
  const found = { names: new Set<string>(), ids: new Set<string>(), birthDates: new Set<string>(), uids: new Set<string>() };
  const visit = (ds: DataSet): void =>
    walk(ds, (el) => {
      if (vrKind(el.vr) !== 'text') return;
      const values = (el.value as readonly string[]).map((v) => v.trim()).filter((v) => v !== '');
      const kind = SOURCES[el.tag];
      if (kind !== undefined) values.forEach((v) => found[kind].add(v));
      if (options.uids && el.vr === 'UI' && (remappedUidTag(el.tag) || el.tag === '00020003')) {
        values.filter((v) => !isRegistryUid(v)).forEach((v) => found.uids.add(v));
      }
    });
  visit(meta);
  visit(dataset);
  return { names: [...found.names], ids: [...found.ids], birthDates: [...found.birthDates], uids: [...found.uids] };
}

/** The union of several sources (the catalog and the original header), without repeats. */
export function mergeKnownValues(...parts: readonly KnownValues[]): KnownValues {
  const union = (k: keyof KnownValues): string[] => [...new Set(parts.flatMap((p) => p[k]).map((v) => v.trim()).filter((v) => v !== ''))];
  return { names: union('names'), ids: union('ids'), birthDates: union('birthDates'), uids: union('uids') };
}
