import { DESTINATION_KINDS } from '../events/instance-export.events';

const NAME = { type: 'string', pattern: '^[a-z][a-z0-9-]{0,63}$' } as const;
const ENV_NAME = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]{0,127}$' } as const;
const HTTP_URL = { type: 'string', maxLength: 2048, pattern: '^https?://[^\\s]+$' } as const;
/** 1–16 characters of the default repertoire without backslash (PS3.5 AE). */
const AE_TITLE = { type: 'string', pattern: '^[ -\\[\\]-~]{1,16}$' } as const;
const LAYOUT = { type: 'string', minLength: 1, maxLength: 256 } as const;
const branch = (kind: string) => ({ type: 'object', properties: { kind: { const: kind } }, required: ['kind'] }) as const;

const folderSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'kind', 'path'],
  properties: {
    name: NAME,
    kind: { const: 'folder' },
    path: { type: 'string', minLength: 2, maxLength: 4096, pattern: '^/[^\\u0000]*$' },
    layout: LAYOUT,
  },
} as const;

const s3Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'kind', 'endpoint', 'bucket', 'accessKeyEnv', 'secretKeyEnv'],
  properties: {
    name: NAME,
    kind: { const: 's3' },
    endpoint: HTTP_URL,
    bucket: { type: 'string', pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$' },
    prefix: { type: 'string', maxLength: 256, pattern: '^([A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*)?$' },
    region: { type: 'string', pattern: '^[a-z0-9-]{1,32}$' },
    layout: LAYOUT,
    accessKeyEnv: ENV_NAME,
    secretKeyEnv: ENV_NAME,
  },
} as const;

const cstoreSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'kind', 'host', 'port', 'calledAe'],
  properties: {
    name: NAME,
    kind: { const: 'cstore' },
    host: { type: 'string', minLength: 1, maxLength: 253, pattern: '^[A-Za-z0-9.:_-]+$' },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    calledAe: AE_TITLE,
    callingAe: AE_TITLE,
    maxRetries: { type: 'integer', minimum: 0, maximum: 20 },
    batch: { type: 'integer', minimum: 1, maximum: 1000 },
  },
} as const;

const stowSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'kind', 'url'],
  properties: { name: NAME, kind: { const: 'stowrs' }, url: HTTP_URL, headersEnv: ENV_NAME },
} as const;

/**
 * A destination is told apart by its `kind` with if/then/else (as redaction conditions
 * are), so a mistake is reported once, at its own pointer.
 */
const destinationSchema = {
  type: 'object',
  required: ['name', 'kind'],
  properties: { kind: { type: 'string', enum: DESTINATION_KINDS } },
  if: branch('folder'),
  then: folderSchema,
  else: { if: branch('s3'), then: s3Schema, else: { if: branch('cstore'), then: cstoreSchema, else: stowSchema } },
} as const;

/** JSON Schema of the `export` section (defaults are filled in by exportWithDefaults). */
export const EXPORT_CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: { destinations: { type: 'array', maxItems: 32, items: destinationSchema } },
} as const;
