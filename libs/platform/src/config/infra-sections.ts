import { join, resolve } from 'node:path';
import { BlobsConfig, BusConfig, DatabaseConfig } from './config.types';
import { EnvReader } from './env-reader';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const STREAM_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const SUBJECT_PREFIX = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const REGION = /^[a-z0-9-]{1,32}$/;
const NATS_PROTOCOLS = ['nats', 'tls', 'ws', 'wss'] as const;

/** Postgres when GANTRY_DATABASE_URL is set, else embedded PGlite under the data directory. */
export function readDatabase(r: EnvReader, dataDir: string): DatabaseConfig {
  const url = r.raw('GANTRY_DATABASE_URL');
  if (url === undefined) {
    r.orphans('GANTRY_DATABASE_URL', ['GANTRY_DATABASE_SCHEMA'], 'to use Postgres');
    return { kind: 'embedded', dir: join(dataDir, 'pg') };
  }
  // The URL usually carries a password: it is checked but never echoed.
  r.url('GANTRY_DATABASE_URL', url, ['postgres', 'postgresql'], true);
  const schema = r.string('GANTRY_DATABASE_SCHEMA', {
    pattern: SCHEMA_NAME,
    expected: 'a lowercase SQL identifier (letters, digits, _; at most 63 characters)',
  });
  return schema === undefined ? { kind: 'postgres', url } : { kind: 'postgres', url, schema };
}

/** JetStream when GANTRY_NATS_URL is set, else the in-process bus. */
export function readBus(r: EnvReader, cwd: string): BusConfig {
  const urls = r.raw('GANTRY_NATS_URL');
  if (urls === undefined) {
    r.orphans(
      'GANTRY_NATS_URL',
      ['GANTRY_NATS_STREAM', 'GANTRY_SUBJECT_PREFIX', 'GANTRY_NATS_CREDS'],
      'to use JetStream',
    );
    return { kind: 'in-process' };
  }
  const servers = readNatsServers(r, urls);
  const stream =
    r.string('GANTRY_NATS_STREAM', { pattern: STREAM_NAME, expected: 'a stream name of letters, digits, _ or -' }) ??
    'GANTRY_EVENTS';
  const subjectPrefix =
    r.string('GANTRY_SUBJECT_PREFIX', {
      pattern: SUBJECT_PREFIX,
      expected: 'dot-separated tokens of letters, digits, _ or - (no wildcards)',
    }) ?? 'gantry';
  const creds = r.raw('GANTRY_NATS_CREDS');
  const base = { kind: 'jetstream' as const, servers, stream, subjectPrefix };
  return creds === undefined ? base : { ...base, credsFile: resolve(cwd, creds) };
}

function readNatsServers(r: EnvReader, value: string): string[] {
  const servers = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  // The nats client accepts bare host:port; give it a scheme so it parses as a URL.
  const normalized = servers.map((s) => (/^[a-z]+:\/\//i.test(s) ? s : `nats://${s}`));
  if (normalized.length === 0) r.problem('GANTRY_NATS_URL', 'expected at least one server URL');
  for (const server of normalized) r.url('GANTRY_NATS_URL', server, NATS_PROTOCOLS, true);
  return normalized;
}

/** S3 when GANTRY_S3_ENDPOINT is set (then keys are required), else files under the data directory. */
export function readBlobs(r: EnvReader, dataDir: string): BlobsConfig {
  const endpoint = r.raw('GANTRY_S3_ENDPOINT');
  if (endpoint === undefined) {
    r.orphans(
      'GANTRY_S3_ENDPOINT',
      ['GANTRY_S3_ACCESS_KEY', 'GANTRY_S3_SECRET_KEY', 'GANTRY_S3_BUCKET', 'GANTRY_S3_REGION'],
      'to use S3',
    );
    return { kind: 'fs', dir: join(dataDir, 'blobs') };
  }
  const url = readS3Endpoint(r, endpoint);
  const because = 'GANTRY_S3_ENDPOINT is set';
  return {
    kind: 's3',
    endPoint: url?.hostname.replace(/^\[|\]$/g, '') ?? '',
    port: url === undefined ? 0 : url.port === '' ? defaultPort(url) : Number(url.port),
    useSSL: url?.protocol === 'https:',
    accessKey: r.required('GANTRY_S3_ACCESS_KEY', because, { secret: true }),
    secretKey: r.required('GANTRY_S3_SECRET_KEY', because, { secret: true }),
    region: r.string('GANTRY_S3_REGION', { pattern: REGION, expected: 'a region name such as us-east-1' }) ?? 'us-east-1',
    bucket:
      r.string('GANTRY_S3_BUCKET', {
        pattern: BUCKET_NAME,
        expected: 'an S3 bucket name (3-63 lowercase letters, digits, dots or hyphens)',
      }) ?? 'gantry',
  };
}

function readS3Endpoint(r: EnvReader, value: string): URL | undefined {
  const url = r.url('GANTRY_S3_ENDPOINT', value, ['http', 'https']);
  if (url === undefined) return undefined;
  if (url.username !== '' || url.password !== '') {
    r.problem('GANTRY_S3_ENDPOINT', 'must not contain credentials; use GANTRY_S3_ACCESS_KEY and GANTRY_S3_SECRET_KEY');
    return undefined;
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '') {
    r.invalid('GANTRY_S3_ENDPOINT', 'scheme, host and optional port only (e.g. http://minio:9000)', value);
    return undefined;
  }
  return url;
}

const defaultPort = (url: URL): number => (url.protocol === 'https:' ? 443 : 80);
