import { Sql } from '@gantry/platform';

/**
 * Instances of one device that share what the at-risk policy and the machine rules look
 * at in the catalog, with a sample raw blob to read a full header from.
 */
export interface DeviceImageGroup {
  deviceKey: string;
  rows: number | null;
  columns: number | null;
  modality: string;
  sopClassUid: string;
  burnedIn: string;
  imageType: string;
  instances: number;
  sampleBlob: string;
}

/*
 * Reads the indexer's catalog read model (same database; the CLI boots every stage).
 * Device and image attributes only: no patient column is selected.
 */
const GROUPS = `
select device_key, rows_, columns_, coalesce(modality, '') as modality, sop_class_uid, coalesce(burned_in, '') as burned_in,
  coalesce(image_type, '') as image_type, count(*)::int as instances, min(blob_key) as sample_blob
from catalog_instances
group by device_key, rows_, columns_, modality, sop_class_uid, burned_in, image_type
order by device_key, rows_ nulls last, columns_ nulls last, instances desc`;

export async function deviceImageGroups(sql: Sql): Promise<DeviceImageGroup[]> {
  const rows = await sql.query<Record<string, unknown>>(GROUPS);
  return rows.map((r) => ({
    deviceKey: String(r['device_key']),
    rows: r['rows_'] === null ? null : Number(r['rows_']),
    columns: r['columns_'] === null ? null : Number(r['columns_']),
    modality: String(r['modality']),
    sopClassUid: String(r['sop_class_uid']),
    burnedIn: String(r['burned_in']),
    imageType: String(r['image_type']),
    instances: Number(r['instances']),
    sampleBlob: String(r['sample_blob']),
  }));
}
