import { Command } from 'commander';
import { ExportDestination } from '@gantry/domain';
import { ActiveConfigService, ExportReadySummary, ExportRunService, ManifestService } from '@gantry/stages';
import { configFor, GlobalOptions } from '../global-options';
import { printJson, printLines } from '../output';
import { withPipeline } from '../pipeline';
import { progressBar } from '../progress';
import { destinationOf } from './run.command';

interface ExportOptions extends GlobalOptions {
  concurrency?: string;
}

function describe(s: ExportReadySummary, destination: ExportDestination): string[] {
  const reasons = Object.entries(s.reasons).map(([r, n]) => `${r} ${n}`);
  return [
    `${s.ready} instances ready: ${s.exported} exported to ${destination.name} (${destination.kind}), ${s.alreadyExported} already there, ${s.blocked} blocked`,
    ...(reasons.length ? [`blocked: ${reasons.join(', ')}`] : []),
  ];
}

/**
 * `gantry export <dest>`: exports every instance that is ready (its current redaction
 * outcome is Redacted) to a destination: one of the configuration's by name, or a
 * target as `gantry run --out` takes it. Each object passes the same just-in-time check;
 * what the destination already holds is skipped.
 */
export function exportCommand(program: Command): void {
  program
    .command('export')
    .description('export what is ready to a destination (a configured name, a folder, dicom://, http(s):// or s3://)')
    .argument('<dest>', 'destination name from the configuration, or a target')
    .option('--concurrency <n>', 'instances checked and written at once', '8')
    .action(async (dest: string, _o: ExportOptions, cmd: Command) => {
      const options = cmd.optsWithGlobals<ExportOptions>();
      const summary = await withPipeline(
        configFor(options),
        async (p) => {
          const active = await p.get(ActiveConfigService).active();
          const destination = active.config.export.destinations.find((d) => d.name === dest) ?? destinationOf(dest, '<dest>');
          const bar = progressBar('export');
          const s = await p.get(ExportRunService).exportReady(destination, {
            concurrency: Number.parseInt(options.concurrency ?? '8', 10) || 8,
            onProgress: (done, total) => bar.update(done, total, {}),
          });
          bar.stop();
          if (destination.kind === 'folder') await p.get(ManifestService).write(destination);
          return { s, destination };
        },
        { stages: ['exporter'], consume: false },
      );
      if (options.json) printJson({ destination: { name: summary.destination.name, kind: summary.destination.kind }, ...summary.s });
      else printLines(describe(summary.s, summary.destination));
    });
}
