import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Yields every regular file under the given paths, recursively, in a stable order.
 * Symlinks are followed once; a directory reached twice (a link loop) is skipped.
 * Paths may name patients, so they are yielded to the caller and never logged here.
 */
export async function* walkFiles(paths: readonly string[]): AsyncGenerator<string> {
  const seen = new Set<string>();
  for (const p of paths) yield* walk(p, seen);
}

async function* walk(path: string, seen: Set<string>): AsyncGenerator<string> {
  const info = await stat(path);
  if (info.isFile()) {
    yield path;
    return;
  }
  if (!info.isDirectory()) return;
  const real = await realpath(path);
  if (seen.has(real)) return;
  seen.add(real);
  const entries = (await readdir(path)).sort();
  for (const name of entries) {
    const child = join(path, name);
    const l = await lstat(child);
    if (l.isFile() || l.isDirectory() || l.isSymbolicLink()) yield* walk(child, seen);
  }
}
