import { TAG_PATH_PATTERN } from '../dicom/tag-path';
import { defs } from './common.schema';

export const INSTANCE_EXPORTED = 'gantry.instance.exported.v1';
export const EXPORT_BLOCKED = 'gantry.instance.export-blocked.v1';

export const DESTINATION_KINDS = ['folder', 's3', 'cstore', 'stowrs'] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];

export interface InstanceExportedData {
  key: string;
  destination: { name: string; kind: DestinationKind };
  /** sha256 of exactly the bytes written. */
  sha256: string;
  size: number;
  configVersion: number;
  /** Where it went, relative to the destination, built from pseudonymous values only. */
  location: string | null;
}

/** Why the just-in-time re-check refused to write an object. */
export const BLOCK_REASONS = [
  'INSPECTOR_FINDINGS',
  'KNOWN_VALUE_FOUND',
  'PIXEL_RISK_UNRESOLVED',
  'IOD_REGRESSION',
  'UNREADABLE',
  'INTEGRITY_MISMATCH',
  'CATALOG_MISSING',
] as const;
export type BlockReason = (typeof BLOCK_REASONS)[number];

export interface ExportBlockedData {
  key: string;
  configVersion: number;
  reasons: BlockReason[];
  /** Where the offending elements are (tag paths only, never what was found). */
  paths: string[];
}

const destinationName = { type: 'string', pattern: '^[a-z][a-z0-9-]{0,63}$' } as const;

export const instanceExportedSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'destination', 'sha256', 'size', 'configVersion', 'location'],
  properties: {
    key: defs.key,
    destination: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'kind'],
      properties: { name: destinationName, kind: { type: 'string', enum: DESTINATION_KINDS } },
    },
    sha256: defs.sha256,
    size: defs.count,
    configVersion: { type: 'integer', minimum: 0 },
    // Layout segments are pseudonyms (GANTRY-…), remapped 2.25 UIDs, numbers and keys.
    location: { type: ['string', 'null'], pattern: '^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$', maxLength: 512 },
  },
} as const;

export const exportBlockedSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'configVersion', 'reasons', 'paths'],
  properties: {
    key: defs.key,
    configVersion: { type: 'integer', minimum: 0 },
    reasons: { type: 'array', minItems: 1, items: { type: 'string', enum: BLOCK_REASONS } },
    paths: { type: 'array', maxItems: 1000, items: { type: 'string', pattern: TAG_PATH_PATTERN } },
  },
} as const;
