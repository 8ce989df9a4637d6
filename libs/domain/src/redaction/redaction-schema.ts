import { CONDITION_OPS } from './redaction-types';

/** A keyword or '(gggg,eeee)'; whether the keyword exists is checked after the schema. */
const ATTRIBUTE_PATTERN = '^(\\([0-9A-Fa-f]{4},[0-9A-Fa-f]{4}\\)|[A-Za-z][A-Za-z0-9]*)$';
const NO_CONTROL = '^[^\\u0000-\\u001f]*$';
const MODALITY = { type: 'string', pattern: '^[A-Z0-9_ ]{1,16}$' } as const;
const GLOB = { type: 'string', minLength: 1, maxLength: 128, pattern: '^[^\\\\\\u0000-\\u001f]*$' } as const;
const branch = (key: string) => ({ type: 'object', properties: { [key]: {} }, required: [key] }) as const;
const list = { type: 'array', minItems: 1, maxItems: 256, items: { $ref: '#/definitions/condition' } } as const;

const leafSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['attr', 'op', 'value'],
  properties: {
    attr: { type: 'string', pattern: ATTRIBUTE_PATTERN },
    op: { type: 'string', enum: CONDITION_OPS },
    value: { type: 'string', maxLength: 1024, pattern: NO_CONTROL },
    ignoreCase: { type: 'boolean' },
  },
} as const;

/**
 * A condition is told apart by its key (all, any, not, else a leaf) with if/then/else
 * rather than oneOf, so that a mistake is reported once, at its own pointer.
 */
const conditionSchema = {
  type: 'object',
  if: branch('all'),
  then: { type: 'object', additionalProperties: false, properties: { all: list } },
  else: {
    if: branch('any'),
    then: { type: 'object', additionalProperties: false, properties: { any: list } },
    else: {
      if: branch('not'),
      then: { type: 'object', additionalProperties: false, properties: { not: { $ref: '#/definitions/condition' } } },
      else: leafSchema,
    },
  },
} as const;

const zoneSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['x', 'y', 'width', 'height'],
  properties: {
    x: { type: 'integer', minimum: 0, maximum: 65535 },
    y: { type: 'integer', minimum: 0, maximum: 65535 },
    width: { type: 'integer', minimum: 1, maximum: 65536 },
    height: { type: 'integer', minimum: 1, maximum: 65536 },
  },
} as const;

const fillSchema = {
  type: ['integer', 'array'],
  if: { type: 'integer' },
  then: { type: 'integer', minimum: -2147483648, maximum: 4294967295 },
  else: { type: 'array', minItems: 3, maxItems: 3, items: { type: 'integer', minimum: 0, maximum: 65535 } },
} as const;

const matchSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['manufacturer', 'model', 'serial'],
  properties: {
    manufacturer: GLOB,
    model: GLOB,
    serial: GLOB,
    rows: { type: 'integer', minimum: 1, maximum: 65535 },
    columns: { type: 'integer', minimum: 1, maximum: 65535 },
    modality: MODALITY,
    sopClass: { type: 'string', maxLength: 64, pattern: '^[0-9]+(\\.[0-9]+)*$' },
    imageType: { type: 'array', minItems: 1, maxItems: 16, items: { type: 'string', pattern: '^[A-Za-z0-9_ ]{0,16}$' } },
    conditions: { $ref: '#/definitions/condition' },
  },
} as const;

const machineSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['match', 'zones'],
  properties: {
    id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' },
    match: matchSchema,
    zones: { type: 'array', maxItems: 256, items: zoneSchema },
    fill: fillSchema,
  },
} as const;

/**
 * JSON Schema (draft-07) of the `redaction` section. It carries its own $id so that its
 * recursive condition can be referenced as '#/definitions/condition' wherever the
 * section is embedded. Checks beyond a schema (regexes, keywords, unique ids) are made
 * by redactionProblems.
 */
export const REDACTION_CONFIG_SCHEMA = {
  $id: 'https://schemas.gantry.dev/config/redaction.v1.json',
  type: 'object',
  additionalProperties: false,
  definitions: { condition: conditionSchema },
  properties: {
    machines: { type: 'array', maxItems: 10000, items: machineSchema, default: [] },
    atRisk: {
      type: 'object',
      additionalProperties: false,
      properties: {
        burnedInAnnotation: { type: 'boolean', default: true },
        modalities: { type: 'array', maxItems: 64, uniqueItems: true, items: MODALITY, default: ['US', 'SC', 'XA', 'OT'] },
        secondaryCapture: { type: 'boolean', default: true },
      },
    },
  },
} as const;
