import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { KeyRing } from '@gantry/domain';
import { createEventStore, ensureEmbeddedTemplate, PostgresEventStore } from '../../event-store';

/*
 * Event stores for the bus's integration tests, through the store's public factory (so
 * the bus tests exercise what the services and the CLI run). @gantry/testing cannot be
 * imported from platform (Nx refuses the cycle). Not exported from the library.
 */

const adminUrl = (): string => process.env['GANTRY_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface BusStoreTarget {
  readonly name: 'postgres' | 'pglite';
  /** Postgres only: the database URL (the relay process and the leader lock need it). */
  readonly url: string | null;
  /** A migrated store; `schema` reopens an earlier one. On PGlite close the previous store first. */
  open(schema?: string): Promise<PostgresEventStore>;
  close(): Promise<void>;
}

const keyRing = new KeyRing(randomBytes(32));
const uniqueSchema = (): string => `bus_${randomBytes(5).toString('hex')}`;

/** A database of its own on the test server; each store gets its own schema in it. */
export async function postgresBusTarget(): Promise<BusStoreTarget> {
  const name = `gantry_bus_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    name: 'postgres',
    url: url.toString(),
    open: (schema = uniqueSchema()) => createEventStore({ url: url.toString() }, keyRing, { schema, poolSize: 4 }),
    close: () => withAdmin(async (admin) => void (await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  };
}

/** Embedded PGlite in a temporary directory, as the CLI runs it. */
export async function pgliteBusTarget(): Promise<BusStoreTarget> {
  const template = await ensureEmbeddedTemplate(join(tmpdir(), 'gantry-pglite-template-v1'));
  const dataDir = mkdtempSync(join(tmpdir(), 'gantry-bus-pglite-'));
  return {
    name: 'pglite',
    url: null,
    open: (schema = uniqueSchema()) => createEventStore({ embedded: { dataDir, template } }, keyRing, { schema }),
    close: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

export const BUS_STORE_TARGETS: ReadonlyArray<[string, () => Promise<BusStoreTarget>]> = [
  ['postgres', postgresBusTarget],
  ['pglite', pgliteBusTarget],
];

async function withAdmin<T>(run: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    return await run(admin);
  } finally {
    await admin.end();
  }
}
