import 'reflect-metadata';
import { CommanderError } from 'commander';
import { GantryError } from '@gantry/domain';
import { ConfigError } from '@gantry/platform';
import { EXIT, UsageError } from './cli-error';
import { buildProgram } from './program';

/**
 * Exit status: 0 done, 1 failed (or `--strict` findings), 2 usage or configuration error.
 * Error output names codes, never values read from DICOM files.
 */
async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv]);
    return EXIT.ok;
  } catch (e) {
    return fail(e);
  }
}

function fail(e: unknown): number {
  if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (e instanceof ConfigError) {
    process.stderr.write(`gantry: invalid configuration\n${e.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return EXIT.usage;
  }
  if (e instanceof UsageError) {
    process.stderr.write(`gantry: ${e.message}\n`);
    return EXIT.usage;
  }
  if (e instanceof GantryError) {
    process.stderr.write(`gantry: ${e.code}: ${e.message}\n`);
    return EXIT.failed;
  }
  process.stderr.write(`gantry: failed (${e instanceof Error ? e.name : 'unknown error'})\n`);
  if (process.env['GANTRY_DEBUG'] && e instanceof Error) process.stderr.write(`${e.stack ?? ''}\n`);
  return EXIT.failed;
}

// main() never rejects: fail() turns every error into an exit status.
void main(process.argv).then((code) => {
  process.exitCode = code;
});
