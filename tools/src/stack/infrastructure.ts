import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';
import { GantryError } from '@gantry/domain';
import { ensureStream, loadOrCreateKey } from '@gantry/platform';
import { RunningS3Server, runS3Server } from '@gantry/testing';
import { StackOptions } from './stack-options';

/** A dependency of the stack is missing or refuses: named, with what to do about it. */
export class StackInfrastructureError extends GantryError {}

const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Creates the stack's database when missing (through the server's `postgres` database). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!DATABASE_NAME.test(name)) throw new StackInfrastructureError('STACK_DATABASE', 'the database name must be a plain lowercase identifier');
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  try {
    await admin.connect();
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
  } catch (cause) {
    // The URL may hold a password: name the host only.
    throw new StackInfrastructureError('STACK_DATABASE', `Postgres at ${url.host} is not usable (is it running? may the user create databases?)`, { cause });
  } finally {
    await admin.end().catch(() => undefined);
  }
}

/** Fails early, with a clear message, when NATS is down or has no JetStream; creates the stream. */
export async function checkJetStream(o: StackOptions): Promise<void> {
  try {
    const nc = await connect({ servers: o.natsUrl.split(','), name: 'gantry-stack' });
    try {
      await ensureStream(await jetstreamManager(nc), { name: o.stream, prefix: o.prefix });
    } finally {
      await nc.close();
    }
  } catch (cause) {
    throw new StackInfrastructureError('STACK_NATS', `NATS with JetStream is required at ${o.natsUrl} (nats-server -js)`, { cause });
  }
}

/** The S3 server of the stack: s3rver in this process, its objects under <dir>/s3. */
export async function startStackS3(o: StackOptions): Promise<RunningS3Server> {
  const dir = join(o.dir, 's3');
  await mkdir(dir, { recursive: true });
  return runS3Server({ dir, port: o.s3Port, buckets: [o.bucket] });
}

/** One deployment key for every service, created before any starts (they must share it). */
export async function prepareKey(o: StackOptions): Promise<string> {
  const keyFile = join(o.dir, 'key');
  await loadOrCreateKey(keyFile, { log: () => undefined, warn: () => undefined });
  return keyFile;
}

/** The GANTRY_* variables of the stack: what the services get and what `gantry` needs to join in. */
export function stackEnv(o: StackOptions, s3: RunningS3Server, keyFile: string): Record<string, string> {
  return {
    GANTRY_DATA_DIR: o.dir,
    GANTRY_KEY_FILE: keyFile,
    GANTRY_DATABASE_URL: o.databaseUrl,
    GANTRY_NATS_URL: o.natsUrl,
    GANTRY_NATS_STREAM: o.stream,
    GANTRY_SUBJECT_PREFIX: o.prefix,
    GANTRY_S3_ENDPOINT: s3.endpoint,
    GANTRY_S3_ACCESS_KEY: s3.accessKey,
    GANTRY_S3_SECRET_KEY: s3.secretKey,
    GANTRY_S3_BUCKET: o.bucket,
    GANTRY_S3_REGION: 'us-east-1',
  };
}
