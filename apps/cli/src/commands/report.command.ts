import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Command } from 'commander';
import { ComplianceReportService } from '@gantry/stages';
import { UsageError } from '../cli-error';
import { configFor, GlobalOptions } from '../global-options';
import { printJson, printLines } from '../output';
import { withPipeline } from '../pipeline';
import { renderHtml, renderMarkdown, ReportMeta } from './report-render';

interface ReportOptions extends GlobalOptions {
  html?: boolean;
  md?: boolean;
  output?: string;
}

/** The tool's own version, from the nearest package.json above this file (the CLI package's). */
function toolMeta(): ReportMeta {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const path = join(dir, 'package.json');
    if (!existsSync(path)) continue;
    const pkg = JSON.parse(readFileSync(path, 'utf8')) as { version?: string };
    return { tool: 'gantry', version: pkg.version ?? 'unknown' };
  }
  return { tool: 'gantry', version: 'unknown' };
}

/**
 * `gantry report [--html|--md] -o <file>`: the compliance report (profile and options,
 * configuration hash, tool version, counts, findings by rule, held and blocked lists
 * with reasons). `--json` prints the same content as one JSON document.
 */
export function reportCommand(program: Command): void {
  program
    .command('report')
    .description('compliance report: profile, options, configuration hash, tool version, counts, findings by rule, held and blocked')
    .option('--html', 'write HTML')
    .option('--md', 'write Markdown (the default)')
    .option('-o, --output <file>', 'write the report to this file (default: stdout)')
    .action(async (_o: ReportOptions, cmd: Command) => {
      const options = cmd.optsWithGlobals<ReportOptions>();
      if (options.html && options.md) throw new UsageError('--html and --md are mutually exclusive');
      const meta = toolMeta();
      const report = await withPipeline(configFor(options), (p) => p.get(ComplianceReportService).report(), { stages: ['exporter'], consume: false });
      if (options.json && !options.output) {
        printJson({ tool: meta, ...report });
        return;
      }
      const text = options.json ? `${JSON.stringify({ tool: meta, ...report }, null, 2)}\n` : options.html ? renderHtml(report, meta) : renderMarkdown(report, meta);
      if (!options.output) {
        process.stdout.write(text);
        return;
      }
      await writeFile(options.output, text);
      printLines([`wrote the compliance report to ${options.output}`]);
    });
}
