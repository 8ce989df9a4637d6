import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const testDatabaseUrl = (): string => process.env['GANTRY_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  /** Connection URL of the new database (same server, credentials and options as the admin URL). */
  url: string;
  /** Drops the database, cutting any connection still open to it. */
  drop(): Promise<void>;
}

/**
 * A fresh, uniquely named database on the server of `GANTRY_TEST_DATABASE_URL`, so parallel
 * suites never share tables. An unreachable server fails the test: integration tests never skip.
 */
export async function createTestDatabase(options: { adminUrl?: string } = {}): Promise<TestDatabase> {
  const adminUrl = options.adminUrl ?? testDatabaseUrl();
  const name = `gantry_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function withAdmin<T>(adminUrl: string, run: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect().catch((cause: unknown) => {
    throw new Error(`PostgreSQL is required at ${redacted(adminUrl)} (set GANTRY_TEST_DATABASE_URL)`, { cause });
  });
  try {
    return await run(admin);
  } finally {
    await admin.end();
  }
}

/** The URL without its password, for error messages. */
function redacted(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
