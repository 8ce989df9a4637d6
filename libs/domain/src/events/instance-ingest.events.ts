import { defs, IngestSource } from './common.schema';

export const INSTANCE_INGESTED = 'gantry.instance.ingested.v1';
export const INSTANCE_REJECTED = 'gantry.instance.rejected.v1';
export const INSTANCE_DUPLICATED = 'gantry.instance.duplicated.v1';
export const IMPORT_COMPLETED = 'gantry.import.completed.v1';

export interface InstanceIngestedData {
  key: string;
  blobKey: string;
  sopClassUid: string;
  transferSyntaxUid: string;
  size: number;
  sha256: string;
  source: IngestSource;
  batchId?: string;
}

/** Closed list of rejection reasons; each input that is not ingested gets exactly one. */
export const REJECT_REASONS = [
  'EMPTY_FILE',
  'READ_ERROR',
  'NOT_DICOM',
  'TRUNCATED',
  'MALFORMED_LENGTH',
  'MALFORMED_SEQUENCE',
  'BAD_META',
  'UNSUPPORTED_TRANSFER_SYNTAX',
  'DEFLATE_ERROR',
  'MISSING_SOP_INSTANCE_UID',
  'MISSING_SOP_CLASS_UID',
  'INVALID_UID',
  'NOT_AN_INSTANCE',
  'UID_CONFLICT',
  'STUDY_MISMATCH',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export interface InstanceRejectedData {
  /** For UID conflicts, the instance key; otherwise a key derived from the content hash. */
  key: string;
  reason: RejectReason;
  /** Absent only when no bytes could be read (READ_ERROR). */
  quarantineKey?: string;
  size: number;
  sha256?: string;
  source: IngestSource;
  batchId?: string;
  /** Where parsing failed, as a tag and byte offset only (never a value). */
  at?: { tag?: string; offset?: number };
}

export interface InstanceDuplicatedData {
  key: string;
  sha256: string;
  source: IngestSource;
  batchId?: string;
}

export interface ImportCompletedData {
  batchId: string;
  filesFound: number;
  ingested: number;
  rejected: number;
  duplicates: number;
}

export const instanceIngestedSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'blobKey', 'sopClassUid', 'transferSyntaxUid', 'size', 'sha256', 'source'],
  properties: {
    key: defs.key,
    blobKey: defs.blobKey,
    sopClassUid: defs.classUid,
    transferSyntaxUid: defs.classUid,
    size: defs.count,
    sha256: defs.sha256,
    source: defs.ingestSource,
    batchId: defs.uuid,
  },
} as const;

export const instanceRejectedSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'reason', 'size', 'source'],
  properties: {
    key: defs.key,
    reason: { type: 'string', enum: REJECT_REASONS },
    quarantineKey: defs.blobKey,
    size: defs.count,
    sha256: defs.sha256,
    source: defs.ingestSource,
    batchId: defs.uuid,
    at: {
      type: 'object',
      additionalProperties: false,
      properties: { tag: { type: 'string', pattern: '^[0-9A-F]{8}$' }, offset: defs.count },
    },
  },
} as const;

export const instanceDuplicatedSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'sha256', 'source'],
  properties: { key: defs.key, sha256: defs.sha256, source: defs.ingestSource, batchId: defs.uuid },
} as const;

export const importCompletedSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['batchId', 'filesFound', 'ingested', 'rejected', 'duplicates'],
  properties: {
    batchId: defs.uuid,
    filesFound: defs.count,
    ingested: defs.count,
    rejected: defs.count,
    duplicates: defs.count,
  },
} as const;
