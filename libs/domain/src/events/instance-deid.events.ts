import { DEID_ACTIONS, PIXEL_RISK_REASONS } from '../deid/deid-types';
import { TAG_PATH_PATTERN } from '../dicom/tag-path';
import { safePrivateEntries } from '../standard/safe-private';
import { defs } from './common.schema';

export const PHI_FOUND = 'gantry.instance.phi-found.v1';
export const INSTANCE_REMEDIATED = 'gantry.instance.remediated.v1';

/** Findings listed in one event at most; the counts always cover all of them. */
export const MAX_FINDINGS_PER_EVENT = 4000;

export type ActionCounts = Partial<Record<(typeof DEID_ACTIONS)[number], number>>;

export interface Finding {
  path: string;
  rule: string;
  action: (typeof DEID_ACTIONS)[number];
  reason: string;
  creator?: string;
}

export interface PhiFoundData {
  key: string;
  configVersion: number;
  planHash: string;
  findings: Finding[];
  findingsTruncated: boolean;
  counts: ActionCounts;
  pixelRisk: { atRisk: boolean; reasons: (typeof PIXEL_RISK_REASONS)[number][] };
  /** The raw object's blob key, passed on from InstanceIndexed (additive in v1). */
  rawBlobKey?: string;
}

export interface InstanceRemediatedData {
  key: string;
  blobKey: string;
  sha256: string;
  size: number;
  configVersion: number;
  planHash: string;
  counts: ActionCounts;
  /** Original values were encrypted into the object for a certificate holder (PS3.15 E.1.1). */
  reversible: boolean;
}

const counts = {
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(DEID_ACTIONS.map((a) => [a, defs.count])),
} as const;

/** Rule ids are built by Gantry ('e1-1:00100010', 'override:3', 'custom:<id>'): no values. */
const RULE_PATTERN = '^[a-z0-9-]+:[A-Za-z0-9_.-]{1,64}$';

/** Private creators are named only when on the published safe list, so the set is closed. */
const creators = (): string[] => [...new Set(safePrivateEntries().map((e) => e.creator))].sort();

export const phiFoundSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'configVersion', 'planHash', 'findings', 'findingsTruncated', 'counts', 'pixelRisk'],
  properties: {
    key: defs.key,
    configVersion: { type: 'integer', minimum: 0 },
    planHash: defs.sha256,
    rawBlobKey: defs.blobKey,
    findings: {
      type: 'array',
      maxItems: MAX_FINDINGS_PER_EVENT,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'rule', 'action', 'reason'],
        properties: {
          path: { type: 'string', pattern: TAG_PATH_PATTERN },
          rule: { type: 'string', pattern: RULE_PATTERN },
          action: { type: 'string', enum: DEID_ACTIONS },
          reason: defs.code,
          creator: { type: 'string', enum: creators() },
        },
      },
    },
    findingsTruncated: { type: 'boolean' },
    counts,
    pixelRisk: {
      type: 'object',
      additionalProperties: false,
      required: ['atRisk', 'reasons'],
      properties: { atRisk: { type: 'boolean' }, reasons: { type: 'array', items: { type: 'string', enum: PIXEL_RISK_REASONS } } },
    },
  },
} as const;

export const instanceRemediatedSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'blobKey', 'sha256', 'size', 'configVersion', 'planHash', 'counts', 'reversible'],
  properties: {
    key: defs.key,
    blobKey: defs.blobKey,
    sha256: defs.sha256,
    size: defs.count,
    configVersion: { type: 'integer', minimum: 0 },
    planHash: defs.sha256,
    counts,
    reversible: { type: 'boolean' },
  },
} as const;
