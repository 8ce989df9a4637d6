import { defs } from './common.schema';

export const INSTANCE_REDACTED = 'gantry.instance.redacted.v1';
export const REDACTION_HELD = 'gantry.instance.redaction-held.v1';

export interface ZoneGeometry {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface InstanceRedactedData {
  key: string;
  blobKey: string;
  sha256: string;
  size: number;
  configVersion: number;
  /** The machine rule that matched (its configured id), or null when nothing needed redaction. */
  ruleId: string | null;
  /** Geometry only: the zones blanked on every frame. Empty when the image was not at risk. */
  zones: ZoneGeometry[];
  frames: number;
}

export const HOLD_REASONS = [
  'NO_MATCHING_RULE',
  'UNSUPPORTED_TRANSFER_SYNTAX',
  'DECODE_FAILED',
  'ZONE_OUTSIDE_IMAGE',
  'PIXEL_DATA_MISSING',
] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

export interface RedactionHeldData {
  key: string;
  configVersion: number;
  reason: HoldReason;
  /** Why the image is at risk (pixel risk codes). */
  risk: string[];
}

const zone = {
  type: 'object',
  additionalProperties: false,
  required: ['x', 'y', 'width', 'height'],
  properties: { x: defs.count, y: defs.count, width: defs.count, height: defs.count },
} as const;

/** Rule ids are operator-chosen identifiers, constrained so no free text fits. */
export const RULE_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';

export const instanceRedactedSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'blobKey', 'sha256', 'size', 'configVersion', 'ruleId', 'zones', 'frames'],
  properties: {
    key: defs.key,
    blobKey: defs.blobKey,
    sha256: defs.sha256,
    size: defs.count,
    configVersion: { type: 'integer', minimum: 0 },
    ruleId: { type: ['string', 'null'], pattern: RULE_ID_PATTERN },
    zones: { type: 'array', items: zone, maxItems: 256 },
    frames: defs.count,
  },
} as const;

export const redactionHeldSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'configVersion', 'reason', 'risk'],
  properties: {
    key: defs.key,
    configVersion: { type: 'integer', minimum: 0 },
    reason: { type: 'string', enum: HOLD_REASONS },
    risk: { type: 'array', items: defs.code },
  },
} as const;
