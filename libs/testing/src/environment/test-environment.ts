import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestJetStream, TestJetStream } from '../nats';
import { createTestDatabase, TestDatabase } from '../postgres';
import { startS3, TestS3 } from '../s3';

export interface TestEnvironmentOptions {
  /** A JetStream stream and prefix of its own (else the in-process bus). */
  nats?: boolean;
  /** An S3 server and bucket (else filesystem blobs in the data dir). */
  s3?: boolean;
}

export interface TestEnvironment {
  /** GANTRY_* variables describing this environment, for loadConfig() or a child process. */
  env: Record<string, string>;
  dataDir: string;
  database: TestDatabase;
  jetstream: TestJetStream | null;
  s3: TestS3 | null;
  cleanup(): Promise<void>;
}

/**
 * A complete, isolated Gantry deployment for one test on the real services: its own
 * Postgres database, optionally its own JetStream stream and S3 bucket, and a temp data
 * dir (key file, logs). Every resource is released by `cleanup()`.
 */
export async function createTestEnvironment(options: TestEnvironmentOptions = {}): Promise<TestEnvironment> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gantry-env-'));
  const database = await createTestDatabase();
  const jetstream = options.nats ? await createTestJetStream() : null;
  const s3 = options.s3 ? await startS3() : null;
  const env: Record<string, string> = {
    GANTRY_DATA_DIR: dataDir,
    GANTRY_DATABASE_URL: database.url,
    GANTRY_LOG_FILE: join(dataDir, 'logs', 'gantry.log'),
    ...(jetstream
      ? { GANTRY_NATS_URL: jetstream.servers, GANTRY_NATS_STREAM: jetstream.stream, GANTRY_SUBJECT_PREFIX: jetstream.prefix }
      : {}),
    ...(s3 ? s3.env(`gantry-${randomBytes(4).toString('hex')}`) : {}),
  };
  return {
    env, dataDir, database, jetstream, s3,
    cleanup: async () => {
      await jetstream?.cleanup();
      await s3?.stop();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
