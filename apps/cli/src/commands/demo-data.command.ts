import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Command } from 'commander';
import { sampleStudies } from '@gantry/domain';
import { UsageError } from '../cli-error';
import { printLines } from '../output';

/** `gantry demo-data <dir>`: builder-made sample studies with invented, planted PHI. */
export function demoDataCommand(program: Command): void {
  program
    .command('demo-data')
    .description('write sample DICOM studies made by the builder (invented patients, several devices)')
    .argument('<dir>', 'output folder (created)')
    .option('--per-series <n>', 'instances per series', '4')
    .action(async (dir: string, options: { perSeries: string }) => {
      const perSeries = Number.parseInt(options.perSeries, 10);
      if (!Number.isInteger(perSeries) || perSeries < 1) throw new UsageError('--per-series must be a positive integer');
      let count = 0;
      for (const file of sampleStudies({ perSeries })) {
        const target = join(dir, file.path);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, file.bytes);
        count++;
      }
      printLines([`wrote ${count} files to ${dir}`]);
    });
}
