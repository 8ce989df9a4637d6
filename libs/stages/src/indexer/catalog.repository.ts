import { Sql } from '@gantry/platform';
import { CatalogEntry } from './catalog-entry';

export interface InstanceRef {
  transferSyntax: string;
  blobKey: string;
  size: number;
  sha256: string;
}

/**
 * Upserts that only overwrite a row when the incoming event orders before the one the row
 * came from: the earliest ingest wins, whatever order handlers actually ran in.
 */
const UPSERT_DEVICE = `
insert into catalog_devices as t (device_key, manufacturer, model, serial, station_name, institution, source_order)
values ($1, $2, $3, $4, $5, $6, $7)
on conflict (device_key) do update set manufacturer = excluded.manufacturer, model = excluded.model,
  serial = excluded.serial, station_name = excluded.station_name, institution = excluded.institution,
  source_order = excluded.source_order
where excluded.source_order collate "C" < t.source_order collate "C"`;

const UPSERT_PATIENT = `
insert into catalog_patients as t (patient_key, patient_id, issuer, patient_name, birth_date, sex, source_order)
values ($1, $2, $3, $4, $5, $6, $7)
on conflict (patient_key) do update set patient_id = excluded.patient_id, issuer = excluded.issuer,
  patient_name = excluded.patient_name, birth_date = excluded.birth_date, sex = excluded.sex,
  source_order = excluded.source_order
where excluded.source_order collate "C" < t.source_order collate "C"`;

const UPSERT_STUDY = `
insert into catalog_studies as t (study_key, patient_key, study_uid, study_date, study_time, accession, description, study_id, source_order)
values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
on conflict (study_key) do update set patient_key = excluded.patient_key, study_uid = excluded.study_uid,
  study_date = excluded.study_date, study_time = excluded.study_time, accession = excluded.accession,
  description = excluded.description, study_id = excluded.study_id, source_order = excluded.source_order
where excluded.source_order collate "C" < t.source_order collate "C"`;

const UPSERT_SERIES = `
insert into catalog_series as t (series_key, study_key, series_uid, modality, series_number, description, body_part, source_order)
values ($1, $2, $3, $4, $5, $6, $7, $8)
on conflict (series_key) do update set study_key = excluded.study_key, series_uid = excluded.series_uid,
  modality = excluded.modality, series_number = excluded.series_number, description = excluded.description,
  body_part = excluded.body_part, source_order = excluded.source_order
where excluded.source_order collate "C" < t.source_order collate "C"`;

const UPSERT_INSTANCE = `
insert into catalog_instances as t (instance_key, series_key, study_key, patient_key, device_key, sop_instance_uid,
  sop_class_uid, instance_number, transfer_syntax, blob_key, size, sha256, rows_, columns_, frames, burned_in,
  image_type, modality, source_order)
values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
on conflict (instance_key) do update set series_key = excluded.series_key, study_key = excluded.study_key,
  patient_key = excluded.patient_key, device_key = excluded.device_key, sop_instance_uid = excluded.sop_instance_uid,
  sop_class_uid = excluded.sop_class_uid, instance_number = excluded.instance_number,
  transfer_syntax = excluded.transfer_syntax, blob_key = excluded.blob_key, size = excluded.size,
  sha256 = excluded.sha256, rows_ = excluded.rows_, columns_ = excluded.columns_, frames = excluded.frames,
  burned_in = excluded.burned_in, image_type = excluded.image_type, modality = excluded.modality,
  source_order = excluded.source_order
where excluded.source_order collate "C" < t.source_order collate "C"`;

/** Renumbers a statement's $n placeholders by `offset`, so several can share one parameter list. */
const shift = (sql: string, offset: number): string => sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);

/**
 * All five upserts as data-modifying CTEs of ONE statement: atomic like a transaction, but
 * one round trip instead of seven (the embedded database pays per statement).
 */
const UPSERT_ALL = `with
  d as (${shift(UPSERT_DEVICE, 0)}),
  p as (${shift(UPSERT_PATIENT, 7)}),
  st as (${shift(UPSERT_STUDY, 14)}),
  se as (${shift(UPSERT_SERIES, 23)}),
  i as (${shift(UPSERT_INSTANCE, 31)})
select 1`;

/** Writes one instance's catalog rows, atomically. Idempotent. */
export async function upsertCatalogEntry(sql: Sql, e: CatalogEntry, ref: InstanceRef, order: string): Promise<void> {
  const { patient: p, study: st, series: se, device: d, instance: i } = e;
  await sql.query(UPSERT_ALL, [
    d.key, d.manufacturer, d.model, d.serial, d.station, d.institution, order,
    p.key, p.id, p.issuer, p.name, p.birthDate, p.sex, order,
    st.key, p.key, st.uid, st.date, st.time, st.accession, st.description, st.id, order,
    se.key, st.key, se.uid, se.modality, se.number, se.description, se.bodyPart, order,
    e.instanceKey, se.key, st.key, p.key, d.key, i.sopInstanceUid, i.sopClassUid, i.number,
    ref.transferSyntax, ref.blobKey, ref.size, ref.sha256, i.rows, i.columns, i.frames,
    i.burnedIn, i.imageType, se.modality, order,
  ]);
}
