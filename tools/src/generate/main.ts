import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DATA_FILES, generateAll } from './generate';

/** The repository root, from both tools/src/generate (tests) and tools/dist/generate (built). */
export const REPO_ROOT = resolve(__dirname, '../../..');
export const DEFAULT_SHARED_DIR = resolve(REPO_ROOT, '../shared');
/**
 * The committed byte-for-byte copy of those inputs (see its README): the drift tests read
 * it, so they run on every checkout, with or without ../shared beside it.
 */
export const SHARED_SNAPSHOT_DIR = join(REPO_ROOT, 'tools/shared-snapshot');
export const DEFAULT_OUT_DIR = join(REPO_ROOT, 'libs/domain/src/standard/data');

const USAGE = 'usage: node tools/dist/generate/main.js [--shared <dir>] [--out <dir>]';

interface Options {
  readonly shared: string;
  readonly out: string;
}

export function parseArgs(argv: readonly string[]): Options {
  let shared = DEFAULT_SHARED_DIR;
  let out = DEFAULT_OUT_DIR;
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    if ((flag === '--shared' || flag === '--out') && value !== undefined) {
      if (flag === '--shared') shared = resolve(value);
      else out = resolve(value);
      i += 1;
    } else {
      throw new Error(USAGE);
    }
  }
  return { shared, out };
}

/** Generate into `out`; returns the summary lines. */
export function run(options: Options): readonly string[] {
  const result = generateAll(options.shared);
  mkdirSync(options.out, { recursive: true });
  for (const name of DATA_FILES) writeFileSync(join(options.out, name), result.files[name]);
  return result.summary;
}

if (require.main === module) {
  try {
    const options = parseArgs(process.argv.slice(2));
    for (const line of run(options)) process.stdout.write(`${line}\n`);
    process.stdout.write(`wrote ${DATA_FILES.length} files to ${options.out}\n`);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}
