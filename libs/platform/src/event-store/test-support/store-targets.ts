import { KeyRing } from '@gantry/domain';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, ClientConfig } from 'pg';
import { eventStoreDataSource, PostgresEndpoint } from '../create-event-store';
import { EmbeddedPostgres } from '../embedded/embedded-postgres';
import { defaultEmbeddedTemplateRoot, ensureEmbeddedTemplate } from '../embedded/embedded-template';
import { PostgresEventStore } from '../postgres/postgres-event-store';

/**
 * Where the event store's integration tests run: a fresh database on the real server, or
 * PGlite in a temp directory. Not exported from the library; @gantry/testing has the
 * public helpers (platform cannot depend on it).
 */
export interface StoreTarget {
  readonly name: 'postgres' | 'pglite';
  /** PGlite has one session: an open transaction makes every other connection wait. */
  readonly serializesTransactions: boolean;
  readonly endpoint: PostgresEndpoint;
  /** A raw connection, for what the store API must not offer (open transactions, bypassing the trigger). */
  client(): Promise<Client>;
  close(): Promise<void>;
}

const adminUrl = (): string => process.env['GANTRY_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function postgresTarget(): Promise<StoreTarget> {
  const name = `gantry_es_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const endpoint = { url: url.toString() };
  return {
    name: 'postgres',
    serializesTransactions: false,
    endpoint,
    client: () => connected({ connectionString: endpoint.url }),
    close: async () => {
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

export async function pgliteTarget(): Promise<StoreTarget> {
  const template = await ensureEmbeddedTemplate(defaultEmbeddedTemplateRoot());
  const dataDir = mkdtempSync(join(tmpdir(), 'gantry-es-'));
  const embedded = new EmbeddedPostgres({ template });
  const endpoint = await embedded.start(dataDir);
  return {
    name: 'pglite',
    serializesTransactions: true,
    endpoint,
    client: () => connected(endpoint),
    close: async () => {
      await embedded.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const TARGETS: ReadonlyArray<[string, () => Promise<StoreTarget>]> = [
  ['postgres', postgresTarget],
  ['pglite', pgliteTarget],
];

export const uniqueSchema = (): string => `es_${randomBytes(5).toString('hex')}`;

export const testKeyRing = (): KeyRing => new KeyRing(randomBytes(32));

export interface OpenStoreOptions {
  keyRing?: KeyRing;
  schema?: string;
  poolSize?: number;
  /** LISTEN/NOTIFY with other processes (Postgres only; default on). */
  listen?: boolean;
}

/** A migrated store in its own schema, so tests sharing one database never see each other's events. */
export async function openStore(target: StoreTarget, options: OpenStoreOptions = {}): Promise<PostgresEventStore> {
  const { keyRing = testKeyRing(), schema = uniqueSchema(), poolSize = 4 } = options;
  const dataSource = eventStoreDataSource(target.endpoint, schema, poolSize);
  const crossProcess = options.listen !== false && 'url' in target.endpoint;
  const listen = crossProcess && 'url' in target.endpoint ? { connectionString: target.endpoint.url } : null;
  const store = new PostgresEventStore(dataSource, keyRing, { schema, listen });
  await dataSource.initialize();
  await store.migrate();
  return store;
}

async function connected(config: ClientConfig): Promise<Client> {
  const client = new Client(config);
  await client.connect();
  return client;
}

async function withAdmin<T>(run: (admin: Client) => Promise<T>): Promise<T> {
  const admin = await connected({ connectionString: adminUrl() });
  try {
    return await run(admin);
  } finally {
    await admin.end();
  }
}
