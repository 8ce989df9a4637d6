import { createHash } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import { GantryError } from '../errors';
import { DEFAULT_CALLING_AE, DEFAULT_CSTORE_BATCH, DEFAULT_CSTORE_RETRIES, DEFAULT_LAYOUT, DEFAULT_S3_REGION, type ExportDestination } from './export-config';

/** A `--out` target that names no usable destination. The message names the form expected, never the text given. */
export class DestinationTargetError extends GantryError {
  constructor(message: string) {
    super('DESTINATION_INVALID', message);
  }
}

/** Environment variables an `s3://` target reads (the keys by name only: they stay in the environment). */
export const EXPORT_S3_ENV = {
  endpoint: 'GANTRY_EXPORT_S3_ENDPOINT',
  accessKey: 'GANTRY_EXPORT_S3_ACCESS_KEY',
  secretKey: 'GANTRY_EXPORT_S3_SECRET_KEY',
  region: 'GANTRY_EXPORT_S3_REGION',
} as const;
/** Extra STOW-RS request headers (a JSON object), e.g. Authorization. */
export const EXPORT_HEADERS_ENV = 'GANTRY_EXPORT_HEADERS';

const AE = /^[ -[\]-~]{1,16}$/;

/** A stable name per target, so re-running against the same target finds what it exported before. */
const nameFor = (kind: string, identity: string): string => `${kind}-${createHash('sha256').update(identity).digest('hex').slice(0, 8)}`;

function cstore(url: URL): ExportDestination {
  const calledAe = decodeURIComponent(url.username);
  const callingAe = url.searchParams.get('calling') ?? DEFAULT_CALLING_AE;
  const port = Number(url.port || '104');
  if (!AE.test(calledAe) || !AE.test(callingAe) || url.hostname === '') {
    throw new DestinationTargetError('a DICOM target reads dicom://CALLEDAE@host:port[?calling=AE], AE titles of 1-16 characters');
  }
  const identity = `${calledAe}@${url.hostname}:${port}`;
  return { name: nameFor('cstore', identity), kind: 'cstore', host: url.hostname, port, calledAe, callingAe, maxRetries: DEFAULT_CSTORE_RETRIES, batch: DEFAULT_CSTORE_BATCH };
}

function s3(url: URL, env: Readonly<Record<string, string | undefined>>): ExportDestination {
  const endpoint = env[EXPORT_S3_ENV.endpoint];
  if (!endpoint || !/^https?:\/\/\S+$/.test(endpoint)) throw new DestinationTargetError(`an s3:// target needs ${EXPORT_S3_ENV.endpoint} (http(s)://host[:port])`);
  const prefix = url.pathname.replace(/^\/+|\/+$/g, '');
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(url.hostname) || !/^([A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*)?$/.test(prefix)) {
    throw new DestinationTargetError('an s3 target reads s3://bucket[/prefix], with a valid bucket name and plain prefix segments');
  }
  return {
    name: nameFor('s3', `${endpoint}|${url.hostname}|${prefix}`), kind: 's3', endpoint, bucket: url.hostname, prefix,
    region: env[EXPORT_S3_ENV.region] ?? DEFAULT_S3_REGION, layout: DEFAULT_LAYOUT,
    accessKeyEnv: EXPORT_S3_ENV.accessKey, secretKeyEnv: EXPORT_S3_ENV.secretKey,
  };
}

/**
 * The destination a command-line target names: `dicom://AE@host:port` (C-STORE),
 * `http(s)://…/studies` (STOW-RS), `s3://bucket/prefix` (endpoint and keys from the
 * environment), or else a folder path (relative to `cwd`).
 */
export function destinationFromTarget(target: string, cwd: string, env: Readonly<Record<string, string | undefined>> = {}): ExportDestination {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(target)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    if (target.trim() === '' || target.includes('\0')) throw new DestinationTargetError('the target folder path is empty');
    const path = isAbsolute(target) ? resolve(target) : resolve(cwd, target);
    return { name: nameFor('folder', path), kind: 'folder', path, layout: DEFAULT_LAYOUT };
  }
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new DestinationTargetError('the target is not a valid URL');
  }
  if (scheme === 'dicom') return cstore(url);
  if (scheme === 's3') return s3(url, env);
  if (scheme === 'http' || scheme === 'https') {
    const clean = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
    return { name: nameFor('stowrs', clean), kind: 'stowrs', url: clean, headersEnv: EXPORT_HEADERS_ENV };
  }
  throw new DestinationTargetError('the target must be a folder, dicom://AE@host:port, http(s)://…/studies or s3://bucket/prefix');
}
