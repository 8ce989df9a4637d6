import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { EmbeddedPostgres } from './embedded-postgres';

/**
 * Where tests keep their shared template: per PGlite version, because a data directory
 * made by one PGlite build need not open in another.
 */
export function defaultEmbeddedTemplateRoot(): string {
  const packageJson = join(dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json');
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  return join(tmpdir(), `gantry-pglite-template-${version.replace(/[^0-9A-Za-z.-]/g, '_')}`);
}

/** An initialized PGlite data directory, as EmbeddedPostgres lays it out under a root. */
export const embeddedPgdata = (root: string): string => join(resolve(root), 'pgdata');

export const isInitializedPgdata = (pgdata: string): boolean => existsSync(join(pgdata, 'PG_VERSION'));

/**
 * Creates, once, a cleanly shut down PGlite data directory under `root` and returns its
 * pgdata path, to seed new databases from (EmbeddedPostgresOptions.template) instead of
 * paying initdb each time. Safe to race from several processes: each builds in a
 * staging directory and the first rename wins.
 */
export async function ensureEmbeddedTemplate(root: string): Promise<string> {
  const target = resolve(root);
  const pgdata = embeddedPgdata(target);
  if (isInitializedPgdata(pgdata)) return pgdata;
  const staging = `${target}.staging-${process.pid}-${randomBytes(4).toString('hex')}`;
  const embedded = new EmbeddedPostgres();
  await embedded.start(staging);
  await embedded.stop();
  mkdirSync(dirname(target), { recursive: true });
  try {
    renameSync(staging, target);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    if (!isInitializedPgdata(pgdata)) throw e;
  }
  return pgdata;
}
