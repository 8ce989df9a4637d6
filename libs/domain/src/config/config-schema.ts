import { EXPORT_CONFIG_SCHEMA } from '../export/export-schema';
import { REDACTION_CONFIG_SCHEMA } from '../redaction/redaction-schema';
import { PROFILE_OPTIONS } from '../standard/types';
import { CUSTOM_RULE_ACTIONS, OVERRIDE_ACTIONS, PATTERN_RULE_VRS } from './config-types';

/** Bound on |minDays|, |maxDays| and on the width of the shift range: one century. */
export const MAX_DATE_SHIFT_DAYS = 36500;

/** A keyword or a '(gggg,eeee)' tag; whether the keyword exists is checked after the schema. */
export const TAG_STRING_PATTERN = '^(\\([0-9A-Fa-f]{4},[0-9A-Fa-f]{4}\\)|[A-Za-z][A-Za-z0-9]*)$';

/** LO text without the backslash delimiter or control characters (PS3.5 6.2). */
const LO_TEXT = '^[^\\\\\\u0000-\\u001f]*$';

const privateTagSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['creator', 'group', 'element'],
  properties: {
    creator: { type: 'string', minLength: 1, maxLength: 64, pattern: LO_TEXT },
    group: { type: 'string', pattern: '^[0-9A-Fa-f]{3}[13579BDFbdf]$' },
    element: { type: 'string', pattern: '^[0-9A-Fa-f]{2}$' },
  },
} as const;

/** A string (keyword or tag) or a private element selector. */
const tagSelectorSchema = {
  type: ['string', 'object'],
  if: { type: 'string' },
  then: { type: 'string', pattern: TAG_STRING_PATTERN },
  else: privateTagSchema,
} as const;

const overrideSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['tag', 'action'],
  properties: {
    tag: tagSelectorSchema,
    action: { type: 'string', enum: OVERRIDE_ACTIONS },
    value: { type: 'string', maxLength: 1024, pattern: '^[^\\u0000-\\u0008\\u000b\\u000e-\\u001f]*$' },
  },
  if: { type: 'object', properties: { action: { const: 'replace' } }, required: ['action'] },
  then: { type: 'object', properties: { value: { type: 'string' } }, required: ['value'] },
} as const;

const customRuleSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'action'],
  properties: {
    id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' },
    tag: { type: 'string', pattern: TAG_STRING_PATTERN },
    vr: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: PATTERN_RULE_VRS } },
    pattern: { type: 'string', minLength: 1, maxLength: 1024, format: 'regex' },
    action: { type: 'string', enum: CUSTOM_RULE_ACTIONS },
    reason: { type: 'string', pattern: '^[A-Z][A-Z0-9_]{0,63}$' },
  },
  anyOf: [
    { type: 'object', properties: { tag: { type: 'string' } }, required: ['tag'] },
    { type: 'object', properties: { pattern: { type: 'string' } }, required: ['pattern'] },
  ],
} as const;

const optionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(PROFILE_OPTIONS.map((o) => [o, { type: 'boolean', default: false }])),
  // PS3.15 E.3.6: full dates and modified dates are alternatives of one option.
  not: {
    type: 'object',
    properties: { retainLongitudinalFullDates: { const: true }, retainLongitudinalModifiedDates: { const: true } },
    required: ['retainLongitudinalFullDates', 'retainLongitudinalModifiedDates'],
  },
} as const;

const daysSchema = { type: 'integer', minimum: -MAX_DATE_SHIFT_DAYS, maximum: MAX_DATE_SHIFT_DAYS } as const;

const deidSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    options: optionsSchema,
    overrides: { type: 'array', items: overrideSchema, default: [] },
    dateShift: {
      type: 'object',
      additionalProperties: false,
      properties: { minDays: { ...daysSchema, default: -3650 }, maxDays: { ...daysSchema, default: -1 } },
    },
    pseudonyms: {
      type: 'object',
      additionalProperties: false,
      properties: {
        patientIdPrefix: { type: 'string', maxLength: 32, pattern: '^[A-Za-z0-9 ._-]*$', default: 'GANTRY-' },
        patientName: { type: 'string', enum: ['pseudonym', 'empty'], default: 'pseudonym' },
      },
    },
    recipientCertificate: {
      type: 'string',
      maxLength: 65536,
      pattern: '^\\s*-----BEGIN CERTIFICATE-----[\\s\\S]+-----END CERTIFICATE-----\\s*$',
    },
    customRules: { type: 'array', items: customRuleSchema, default: [] },
  },
} as const;

/**
 * The published JSON Schema (draft-07) of a Gantry pipeline configuration file, YAML or
 * JSON. Everything but `version` is optional and defaulted. Checks a schema cannot
 * express (known keywords, min <= max, regexes that match the empty string, unique rule
 * ids, replacement values that fit the VR) are made by parseConfig after it.
 */
export const GANTRY_CONFIG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://schemas.gantry.dev/config/pipeline.v1.json',
  title: 'Gantry pipeline configuration',
  type: 'object',
  additionalProperties: false,
  required: ['version'],
  properties: {
    version: { const: 1 },
    deid: deidSchema,
    redaction: REDACTION_CONFIG_SCHEMA,
    export: EXPORT_CONFIG_SCHEMA,
  },
} as const;

/** ajv schema paths of combinators whose own message says little, with what to say instead. */
export const COMBINATOR_MESSAGES: Readonly<Record<string, string>> = {
  not: 'retainLongitudinalFullDates and retainLongitudinalModifiedDates are mutually exclusive',
  anyOf: 'must have a tag or a pattern',
};
