import { KnownValues } from '@gantry/domain';
import { Sql } from '@gantry/platform';

/**
 * One instance's identifying values as the catalog holds them. PHI: in memory only, for
 * the exporter's known-value scan; never logged and never on the bus.
 */
export interface CatalogIdentity {
  patientName: string;
  patientId: string;
  issuer: string;
  birthDate: string;
  accession: string;
  studyUid: string;
  seriesUid: string;
  sopInstanceUid: string;
}

const IDENTITY = `
select p.patient_name, p.patient_id, p.issuer, p.birth_date, st.accession,
  st.study_uid, se.series_uid, i.sop_instance_uid
from catalog_instances i
join catalog_patients p on p.patient_key = i.patient_key
join catalog_studies st on st.study_key = i.study_key
join catalog_series se on se.series_key = i.series_key
where i.instance_key = $1`;

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The catalog's identity of an instance, or null when the indexer has not catalogued it. */
export async function catalogIdentity(sql: Sql, instanceKey: string): Promise<CatalogIdentity | null> {
  const [r] = await sql.query<Record<string, unknown>>(IDENTITY, [instanceKey]);
  if (r === undefined) return null;
  return {
    patientName: text(r['patient_name']),
    patientId: text(r['patient_id']),
    issuer: text(r['issuer']),
    birthDate: text(r['birth_date']),
    accession: text(r['accession']),
    studyUid: text(r['study_uid']),
    seriesUid: text(r['series_uid']),
    sopInstanceUid: text(r['sop_instance_uid']),
  };
}

/** The catalog identity as known values; UIDs only when the configuration does not retain them. */
export function knownValuesOfIdentity(c: CatalogIdentity, options: { uids: boolean }): KnownValues {
  return {
    names: [c.patientName],
    ids: [c.patientId, c.issuer, c.accession],
    birthDates: [c.birthDate],
    uids: options.uids ? [c.studyUid, c.seriesUid, c.sopInstanceUid] : [],
  };
}
