import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GantryError } from '@gantry/domain';
import { isDockerReachable } from './docker-probe';
import { startMinioContainer } from './minio-container';
import { runS3Server } from './run-s3-server';

export type S3Source = 'env' | 'testcontainers' | 's3rver';

export interface TestS3 {
  /** `http://host:port` (GANTRY_S3_ENDPOINT's shape). */
  endpoint: string;
  host: string;
  port: number;
  useSSL: boolean;
  accessKey: string;
  secretKey: string;
  region: string;
  /** Set when the environment names a bucket to use (GANTRY_TEST_S3_BUCKET). */
  bucket?: string;
  /** Where the server came from, for test logs and reports. */
  source: S3Source;
  /** The GANTRY_S3_* variables that point a spawned service at this server. */
  env(bucket: string): Record<string, string>;
  stop(): Promise<void>;
}

export class TestS3Error extends GantryError {}

/**
 * An S3 endpoint for integration tests, from the first of:
 * 1. GANTRY_TEST_S3_ENDPOINT (+ _ACCESS_KEY, _SECRET_KEY, optional _BUCKET, _REGION): a server you run;
 * 2. a MinIO container, when a Docker engine answers quickly;
 * 3. s3rver in this process, on a free port, in a temp directory removed by `stop()`.
 * A half-set environment is an error rather than a silent fallback.
 */
export async function startS3(): Promise<TestS3> {
  const fromEnv = s3FromEnv(process.env);
  if (fromEnv) return fromEnv;
  if (await isDockerReachable()) {
    const minio = await startMinioContainer();
    return withEnv({ ...minio, useSSL: false, region: 'us-east-1', source: 'testcontainers', stop: minio.stop });
  }
  const dir = await mkdtemp(join(tmpdir(), 'gantry-s3-'));
  const server = await runS3Server({ dir });
  return withEnv({
    ...server,
    useSSL: false,
    region: 'us-east-1',
    source: 's3rver',
    stop: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  });
}

export function s3FromEnv(env: NodeJS.ProcessEnv): TestS3 | undefined {
  const endpoint = env['GANTRY_TEST_S3_ENDPOINT'];
  if (endpoint === undefined || endpoint === '') return undefined;
  const accessKey = env['GANTRY_TEST_S3_ACCESS_KEY'];
  const secretKey = env['GANTRY_TEST_S3_SECRET_KEY'];
  if (!accessKey || !secretKey || !URL.canParse(endpoint)) {
    throw new TestS3Error(
      'TEST_S3_ENV',
      'GANTRY_TEST_S3_ENDPOINT needs an http(s) URL plus GANTRY_TEST_S3_ACCESS_KEY and GANTRY_TEST_S3_SECRET_KEY',
    );
  }
  const url = new URL(endpoint);
  const useSSL = url.protocol === 'https:';
  const bucket = env['GANTRY_TEST_S3_BUCKET'] || undefined;
  return withEnv({
    endpoint: `${url.protocol}//${url.host}`,
    host: url.hostname,
    port: url.port === '' ? (useSSL ? 443 : 80) : Number(url.port),
    useSSL,
    accessKey,
    secretKey,
    region: env['GANTRY_TEST_S3_REGION'] || 'us-east-1',
    ...(bucket === undefined ? {} : { bucket }),
    source: 'env',
    stop: async () => undefined,
  });
}

function withEnv(s3: Omit<TestS3, 'env'>): TestS3 {
  return {
    ...s3,
    env: (bucket) => ({
      GANTRY_S3_ENDPOINT: s3.endpoint,
      GANTRY_S3_ACCESS_KEY: s3.accessKey,
      GANTRY_S3_SECRET_KEY: s3.secretKey,
      GANTRY_S3_REGION: s3.region,
      GANTRY_S3_BUCKET: bucket,
    }),
  };
}
