import { Sql } from '@gantry/platform';

export interface DeviceInventory {
  deviceKey: string;
  manufacturer: string;
  model: string;
  serial: string;
  modalities: string[];
  patients: number;
  studies: number;
  series: number;
  instances: number;
}

const INVENTORY = `
select d.device_key, d.manufacturer, d.model, d.serial,
  coalesce(array_agg(distinct i.modality) filter (where i.modality <> ''), '{}') as modalities,
  count(distinct i.patient_key)::int as patients, count(distinct i.study_key)::int as studies,
  count(distinct i.series_key)::int as series, count(i.instance_key)::int as instances
from catalog_devices d join catalog_instances i on i.device_key = d.device_key
group by d.device_key, d.manufacturer, d.model, d.serial
order by instances desc, d.manufacturer, d.model, d.serial, d.device_key`;

/** Devices (manufacturer, model, serial) with what they produced: the machine-centric index. */
export async function inventory(sql: Sql): Promise<DeviceInventory[]> {
  const rows = await sql.query<Record<string, unknown>>(INVENTORY);
  return rows.map((r) => ({
    deviceKey: String(r['device_key']),
    manufacturer: String(r['manufacturer'] ?? ''),
    model: String(r['model'] ?? ''),
    serial: String(r['serial'] ?? ''),
    modalities: (r['modalities'] as string[] | null) ?? [],
    patients: Number(r['patients']),
    studies: Number(r['studies']),
    series: Number(r['series']),
    instances: Number(r['instances']),
  }));
}

export interface PatientSummary {
  patientKey: string;
  patientId: string;
  patientName: string;
  birthDate: string;
  sex: string;
  studies: number;
  instances: number;
}

const PATIENTS = `
select p.patient_key, p.patient_id, p.patient_name, p.birth_date, p.sex,
  count(distinct i.study_key)::int as studies, count(i.instance_key)::int as instances
from catalog_patients p left join catalog_instances i on i.patient_key = p.patient_key
group by p.patient_key order by p.patient_id, p.patient_key`;

export async function patients(sql: Sql): Promise<PatientSummary[]> {
  const rows = await sql.query<Record<string, unknown>>(PATIENTS);
  return rows.map((r) => ({
    patientKey: String(r['patient_key']),
    patientId: String(r['patient_id'] ?? ''),
    patientName: String(r['patient_name'] ?? ''),
    birthDate: String(r['birth_date'] ?? ''),
    sex: String(r['sex'] ?? ''),
    studies: Number(r['studies']),
    instances: Number(r['instances']),
  }));
}

export interface SeriesSummary {
  seriesKey: string;
  seriesUid: string;
  modality: string;
  seriesNumber: string;
  description: string;
  instances: number;
}

const SERIES_OF_STUDY = `
select s.series_key, s.series_uid, s.modality, s.series_number, s.description, count(i.instance_key)::int as instances
from catalog_studies st join catalog_series s on s.study_key = st.study_key
left join catalog_instances i on i.series_key = s.series_key
where st.study_uid = $1
group by s.series_key order by s.series_number, s.series_uid`;

/** Series of a study, or null when the study is unknown (so the controller can answer 404). */
export async function seriesOfStudy(sql: Sql, studyUid: string): Promise<SeriesSummary[] | null> {
  const known = await sql.query(`select 1 from catalog_studies where study_uid = $1 limit 1`, [studyUid]);
  if (known.length === 0) return null;
  const rows = await sql.query<Record<string, unknown>>(SERIES_OF_STUDY, [studyUid]);
  return rows.map((r) => ({
    seriesKey: String(r['series_key']),
    seriesUid: String(r['series_uid']),
    modality: String(r['modality'] ?? ''),
    seriesNumber: String(r['series_number'] ?? ''),
    description: String(r['description'] ?? ''),
    instances: Number(r['instances']),
  }));
}
