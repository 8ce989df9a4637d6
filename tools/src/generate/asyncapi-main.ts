import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { contractFiles } from './asyncapi-files';

/** contracts/ at the repository root, from both tools/src/generate (tests) and tools/dist/generate (built). */
export const CONTRACTS_DIR = resolve(__dirname, '../../../contracts');

/** Files under `dir` that differ from what the generator makes now. */
export function staleContractFiles(dir = CONTRACTS_DIR): string[] {
  return Object.entries(contractFiles())
    .filter(([name, text]) => {
      try {
        return readFileSync(join(dir, name), 'utf8') !== text;
      } catch {
        return true;
      }
    })
    .map(([name]) => name);
}

export function writeContractFiles(dir = CONTRACTS_DIR): string[] {
  const files = contractFiles();
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return Object.keys(files);
}

if (require.main === module) {
  const check = process.argv.includes('--check');
  if (check) {
    const stale = staleContractFiles();
    process.stdout.write(stale.length ? `stale: ${stale.join(', ')}\n` : 'contracts are up to date\n');
    process.exitCode = stale.length ? 1 : 0;
  } else {
    process.stdout.write(`wrote ${writeContractFiles().length} files to ${CONTRACTS_DIR}\n`);
  }
}
