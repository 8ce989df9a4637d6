import { MigrationInterface, QueryRunner } from 'typeorm';

/** The catalog read model's first schema. Owned by the indexer; recorded in `catalog_migrations`. */
export class CatalogSchema1764100000000 implements MigrationInterface {
  name = 'CatalogSchema1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
create table catalog_devices (
  device_key text primary key, manufacturer text, model text, serial text,
  station_name text, institution text, source_order text not null);
create table catalog_patients (
  patient_key text primary key, patient_id text, issuer text, patient_name text,
  birth_date text, sex text, source_order text not null);
create table catalog_studies (
  study_key text primary key, patient_key text not null, study_uid text not null,
  study_date text, study_time text, accession text, description text, study_id text,
  source_order text not null);
create table catalog_series (
  series_key text primary key, study_key text not null, series_uid text not null,
  modality text, series_number text, description text, body_part text,
  source_order text not null);
create table catalog_instances (
  instance_key text primary key, series_key text not null, study_key text not null,
  patient_key text not null, device_key text not null, sop_instance_uid text not null,
  sop_class_uid text not null, instance_number text, transfer_syntax text not null,
  blob_key text not null, size bigint not null, sha256 text not null,
  rows_ integer, columns_ integer, frames integer, burned_in text, image_type text,
  modality text, source_order text not null);
create index catalog_instances_series on catalog_instances(series_key);
create index catalog_instances_device on catalog_instances(device_key);
create index catalog_studies_uid on catalog_studies(study_uid);
create index catalog_series_study on catalog_series(study_key);
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table catalog_instances, catalog_series, catalog_studies, catalog_patients, catalog_devices');
  }
}
