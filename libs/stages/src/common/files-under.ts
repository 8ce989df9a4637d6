import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Every regular file under the given paths, recursively, in a stable order. A path that
 * cannot be listed is yielded as is, so reading it fails and it is counted as unreadable:
 * nothing given is silently dropped.
 */
export async function* filesUnder(paths: readonly string[]): AsyncGenerator<string> {
  for (const path of paths) {
    let isDir = false;
    try {
      isDir = (await stat(path)).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir) {
      yield path;
      continue;
    }
    const names = (await readdir(path)).sort();
    yield* filesUnder(names.map((n) => join(path, n)));
  }
}
