import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { MapKind, mappingCsv, PseudonymMapService } from '@gantry/stages';
import { UsageError } from '../cli-error';
import { configFor, GlobalOptions } from '../global-options';
import { withPipeline } from '../pipeline';

interface ExportOptions extends GlobalOptions {
  csv?: boolean;
  kind?: string;
  out?: string;
}

/** The file each table goes to with --out. */
const FILE_NAMES: Readonly<Record<MapKind, string>> = { 'patient-id': 'patient_id_mapping.csv', uid: 'uid_mapping.csv' };
const KINDS: readonly MapKind[] = ['patient-id', 'uid'];

function kindsOf(kind: string | undefined): readonly MapKind[] {
  if (kind === undefined) return KINDS;
  if (kind === 'patient-id' || kind === 'uid') return [kind];
  throw new UsageError('--kind must be patient-id or uid');
}

/** The table to stdout, or to a file readable by its owner only: it holds original identifiers. */
async function writeTable(map: PseudonymMapService, kind: MapKind, outDir: string | undefined): Promise<void> {
  if (outDir === undefined) {
    for await (const line of mappingCsv(kind, map.pairs(kind))) process.stdout.write(`${line}\n`);
    return;
  }
  await mkdir(outDir, { recursive: true, mode: 0o700 });
  const file = await open(join(outDir, FILE_NAMES[kind]), 'w', 0o600);
  try {
    for await (const line of mappingCsv(kind, map.pairs(kind))) await file.write(`${line}\n`);
  } finally {
    await file.close();
  }
}

/**
 * `gantry mapping export [--csv] [--kind patient-id|uid] [--out <dir>]`: the pseudonym map
 * decrypted with the deployment key (`--key`), as MIDI-B CSV tables `id_old,id_new` and
 * `uid_old,uid_new`. To stdout (tables separated by a blank line) or into `--out`.
 */
export function mappingCommand(program: Command): void {
  const mapping = program.command('mapping').description('the encrypted pseudonym map (original → pseudonym)');
  mapping
    .command('export')
    .description('decrypt the pseudonym map with the deployment key (--key) and print it as CSV (id_old,id_new and uid_old,uid_new)')
    .option('--csv', 'CSV output (the only format; accepted for clarity)')
    .option('--kind <kind>', 'only one table: patient-id or uid')
    .option('--out <dir>', 'write patient_id_mapping.csv and uid_mapping.csv (mode 0600) instead of printing')
    .action(async (_o: ExportOptions, cmd: Command) => {
      const options = cmd.optsWithGlobals<ExportOptions>();
      const kinds = kindsOf(options.kind);
      await withPipeline(
        configFor(options),
        async (p) => {
          const map = p.get(PseudonymMapService);
          for (const [i, kind] of kinds.entries()) {
            if (i > 0 && options.out === undefined) process.stdout.write('\n');
            await writeTable(map, kind, options.out);
          }
        },
        { stages: ['remediator'], consume: false },
      );
    });
}
