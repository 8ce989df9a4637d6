import { defs } from './common.schema';

export const INSTANCE_INDEXED = 'gantry.instance.indexed.v1';

/** Catalog placement, by opaque keys only: the catalog itself stays inside the indexer. */
export interface InstanceIndexedData {
  key: string;
  patientKey: string;
  studyKey: string;
  seriesKey: string;
  deviceKey: string;
  sopClassUid: string;
  /** Modality code (CS), e.g. CT; a defined term, not patient data. */
  modality: string | null;
  /**
   * The raw object's blob key, as InstanceIngested recorded it (additive in v1): later
   * stages load the object without reading the instance's stream first.
   */
  rawBlobKey?: string;
}

export const instanceIndexedSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'patientKey', 'studyKey', 'seriesKey', 'deviceKey', 'sopClassUid', 'modality'],
  properties: {
    key: defs.key,
    patientKey: defs.key,
    studyKey: defs.key,
    seriesKey: defs.key,
    deviceKey: defs.key,
    sopClassUid: defs.classUid,
    modality: { type: ['string', 'null'], pattern: '^[A-Z0-9_ ]{1,16}$' },
    rawBlobKey: defs.blobKey,
  },
} as const;
