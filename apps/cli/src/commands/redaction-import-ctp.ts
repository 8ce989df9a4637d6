import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { stringify } from 'yaml';
import { CtpImportResult, GantryError, importCtpScript } from '@gantry/domain';
import { UsageError } from '../cli-error';
import { GlobalOptions } from '../global-options';
import { printJson, printLines } from '../output';

/** `--strict`: some signatures were not converted (the file is written all the same). */
export class CtpImportIncompleteError extends GantryError {
  constructor(count: number) {
    super('CTP_SIGNATURES_NOT_CONVERTED', `${count} signature(s) could not be converted (listed above by line)`);
  }
}

interface ImportCtpOptions extends GlobalOptions {
  output: string;
  strict?: boolean;
}

function ruleSetYaml(result: CtpImportResult, sha256: string): string {
  const head = [
    `# Gantry redaction rules imported from a CTP DicomPixelAnonymizer script (sha256 ${sha256}).`,
    `# ${result.machines.length} rule(s) from ${result.signatures} signature(s), in script order: the first match wins, as in CTP.`,
    ...(result.unsupported.length > 0
      ? [`# NOT imported (${result.unsupported.length}), by script line; their images are not covered by these rules:`,
        ...result.unsupported.map((u) => `#   line ${u.line}: ${u.reason.replace(/\n/g, ' ')}`)]
      : []),
    '# Apply with: gantry redaction apply <this file>',
  ];
  return `${head.join('\n')}\n${stringify({ redaction: { machines: result.machines } }, { lineWidth: 0 })}`;
}

/** `gantry redaction import-ctp <script> -o <file>`: CTP's signature language to machine rules. */
export function redactionImportCtpCommand(redaction: Command): void {
  redaction
    .command('import-ctp')
    .description("convert CTP's DicomPixelAnonymizer.script into a rule set; what cannot be converted is reported by line")
    .argument('<script>', 'DicomPixelAnonymizer.script')
    .requiredOption('-o, --output <file>', 'rule set file to write (YAML)')
    .option('--strict', 'exit 1 when a signature could not be converted')
    .action(async (script: string, _o: ImportCtpOptions, cmd: Command) => {
      const options = cmd.optsWithGlobals<ImportCtpOptions>();
      let bytes: Buffer;
      try {
        bytes = await readFile(script);
      } catch {
        throw new UsageError('cannot read the CTP script');
      }
      const result = importCtpScript(bytes.toString('utf8'));
      await writeFile(options.output, ruleSetYaml(result, createHash('sha256').update(bytes).digest('hex')));
      if (options.json) printJson({ signatures: result.signatures, rules: result.machines.length, unsupported: result.unsupported, output: options.output });
      else {
        printLines([
          `${result.signatures} signature(s): ${result.machines.length} converted, ${result.unsupported.length} not converted; wrote ${options.output}`,
          ...result.unsupported.map((u) => `  line ${u.line}: ${u.reason}\n    { ${u.signature} }`),
        ]);
      }
      if (options.strict && result.unsupported.length > 0) throw new CtpImportIncompleteError(result.unsupported.length);
    });
}
