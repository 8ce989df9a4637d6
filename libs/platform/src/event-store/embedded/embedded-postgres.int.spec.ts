import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { createEventStore } from '../create-event-store';
import { EmbeddedPostgresError } from '../errors';
import { ingestedEvent, streamName } from '../test-support/test-events';
import { testKeyRing } from '../test-support/store-targets';
import { fallbackSocketDir } from './data-dir-lock';
import { EmbeddedPostgres, EmbeddedPostgresConnection } from './embedded-postgres';
import { defaultEmbeddedTemplateRoot, ensureEmbeddedTemplate } from './embedded-template';

const templateRoot = defaultEmbeddedTemplateRoot();

// Each test boots its own PGlite worker (about 2 s with a template, on a busy machine more).
jest.setTimeout(60_000);

/** Runs `script` in a separate node process, which then dies by SIGKILL, as in a crash. */
function crashingChild(script: string, env: Record<string, string>): void {
  const result = spawnSync(process.execPath, ['-e', `${script}\n;function die(){ process.kill(process.pid, 'SIGKILL'); }`], {
    env: { ...process.env, ...env },
    timeout: 30_000,
  });
  expect(result.signal).toBe('SIGKILL');
}

describe('EmbeddedPostgres', () => {
  let template: string;
  let dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'gantry-embedded-'));
    dirs.push(dir);
    return dir;
  };

  beforeAll(async () => {
    template = await ensureEmbeddedTemplate(templateRoot);
  }, 120_000);
  afterEach(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    dirs = [];
  });

  async function withEmbedded(dataDir: string, run: (c: EmbeddedPostgresConnection) => Promise<void>): Promise<void> {
    const embedded = new EmbeddedPostgres({ template });
    const connection = await embedded.start(dataDir);
    try {
      await run(connection);
    } finally {
      await embedded.stop();
    }
  }

  it('keeps concurrent extended-protocol queries of many connections apart (pglite#1046)', async () => {
    await withEmbedded(tempDir(), async (connection) => {
      const pool = new Pool({ ...connection, max: 8 });
      try {
        const big = 'y'.repeat(300_000);
        const results = await Promise.all(
          Array.from({ length: 120 }, async (_, i) => {
            const r =
              i % 2 === 0
                ? await pool.query<{ n: number; i: number }>('SELECT length($1::text) AS n, $2::int AS i', [big, i])
                : await pool.query<{ i: number }>('SELECT $1::int AS i', [i]);
            return r.rows[0]?.i === i;
          }),
        );
        expect(results.every(Boolean)).toBe(true);
      } finally {
        await pool.end();
      }
    });
  });

  it('rolls back the open transaction of a client that dies, and serves the others', async () => {
    await withEmbedded(tempDir(), async (connection) => {
      const client = new Client(connection);
      await client.connect();
      try {
        await client.query('CREATE TABLE crash_probe (id int)');
        crashingChild(
          `const { Client } = require(process.env.PG_MODULE);
           const c = new Client({ host: process.env.PG_HOST, port: 5432, user: 'postgres', database: 'postgres' });
           c.connect().then(() => c.query('BEGIN')).then(() => c.query('INSERT INTO crash_probe VALUES (1)')).then(die);`,
          { PG_MODULE: require.resolve('pg'), PG_HOST: connection.host },
        );
        const rows = await client.query('SELECT count(*)::int AS n FROM crash_probe');
        expect(rows.rows).toEqual([{ n: 0 }]);
      } finally {
        await client.end();
      }
    });
  });

  it('starts over the socket and lock file a crashed process left behind', async () => {
    const dataDir = tempDir();
    crashingChild(
      `require('node:fs').writeFileSync(process.env.DIR + '/gantry-embedded.pid', String(process.pid));
       require('node:net').createServer().listen(process.env.DIR + '/.s.PGSQL.5432', die);`,
      { DIR: dataDir },
    );
    expect(statSync(join(dataDir, '.s.PGSQL.5432')).isSocket()).toBe(true);
    await withEmbedded(dataDir, async (connection) => {
      const client = new Client(connection);
      await client.connect();
      await expect(client.query('SELECT 1 AS one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
      await client.end();
    });
    expect(existsSync(join(dataDir, '.s.PGSQL.5432'))).toBe(false);
  });

  it('refuses a data directory another instance is serving', async () => {
    const dataDir = tempDir();
    await withEmbedded(dataDir, async () => {
      const second = new EmbeddedPostgres({ template });
      await expect(second.start(dataDir)).rejects.toMatchObject({ code: 'DATA_DIR_IN_USE' });
      await expect(second.start(dataDir)).rejects.toBeInstanceOf(EmbeddedPostgresError);
    });
  });

  it('keeps the events of a closed store for the next one, with the socket outside a long data path', async () => {
    const dataDir = join(tempDir(), 'a-data-directory-path-that-is-long-enough'.repeat(2), 'store');
    mkdirSync(dataDir, { recursive: true });
    const keyRing = testKeyRing();
    const stream = streamName();
    const event = ingestedEvent();
    const first = await createEventStore({ embedded: { dataDir, template } }, keyRing);
    expect(existsSync(fallbackSocketDir(dataDir))).toBe(true);
    await first.append(stream, [event], { expectedVersion: 'no_stream' });
    await first.close();
    const second = await createEventStore({ embedded: { dataDir, template } }, keyRing);
    try {
      expect((await second.readStream(stream)).map((e) => e.event)).toEqual([event]);
      await expect(second.verifyChains()).resolves.toEqual([]);
    } finally {
      await second.close();
    }
    expect(existsSync(join(dataDir, '.s.PGSQL.5432'))).toBe(false);
    expect(existsSync(fallbackSocketDir(dataDir))).toBe(false);
  });
});
