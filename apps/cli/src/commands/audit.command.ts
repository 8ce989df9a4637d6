import { Command } from 'commander';
import { GantryError } from '@gantry/domain';
import { EventStore } from '@gantry/platform';
import { UsageError } from '../cli-error';
import { configFor, GlobalOptions } from '../global-options';
import { printJson, printLines } from '../output';
import { withPipeline } from '../pipeline';
import { AuditEntry, InputHistory, inputHistories } from './audit-history';

interface AuditOptions extends GlobalOptions {
  instance?: string;
}

/** A hash chain does not verify: a stored event was changed or removed. */
export class ChainBrokenError extends GantryError {
  constructor(streams: readonly string[]) {
    super('AUDIT_CHAIN_BROKEN', `the audit trail was altered in ${streams.length} stream(s): ${streams.join(', ')}`);
  }
}

const line = (e: AuditEntry): string => {
  const detail = Object.entries(e.detail).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(' ');
  return `  ${String(e.position).padStart(3)}  ${e.time}  ${e.stage.padEnd(10)}  ${e.event.padEnd(26)}  ${e.configVersion === null ? '' : `config v${e.configVersion}  `}${detail}`.trimEnd();
};

const describe = (histories: readonly InputHistory[]): string[] => histories.flatMap((h) => [h.stream, ...h.entries.map(line)]);

function verifyCommand(audit: Command): void {
  audit
    .command('verify')
    .description("recompute every stream's hash chain: an edited or deleted event is detected and its stream named (exit 1)")
    .action(async (_o: GlobalOptions, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      const breaks = await withPipeline(configFor(options), (p) => p.app.get(EventStore).verifyChains(), { stages: [], consume: false });
      const found = breaks.map((b) => ({ stream: b.streamId, position: b.streamPosition, reason: b.reason ?? 'hash_mismatch' }));
      if (options.json) printJson({ ok: found.length === 0, breaks: found });
      else printLines(found.length === 0 ? ['every hash chain verifies: no event was altered'] : found.map((b) => `BROKEN ${b.stream} at position ${b.position} (${b.reason})`));
      if (found.length > 0) throw new ChainBrokenError(found.map((b) => b.stream));
    });
}

/**
 * `gantry audit [--instance <key>]`: each input's history from the event store (what
 * happened, when, which stage, which configuration version); `gantry audit verify`
 * checks that the history was not altered.
 */
export function auditCommand(program: Command): void {
  const audit = program
    .command('audit')
    .description('history of each input from the event store; `audit verify` checks the hash chains')
    .option('--instance <key>', 'one instance (its opaque key, as events and reports show it)')
    .action(async (_o: AuditOptions, cmd: Command) => {
      const options = cmd.optsWithGlobals<AuditOptions>();
      if (options.instance !== undefined && !/^[0-9a-f]{32}$/.test(options.instance)) throw new UsageError('--instance must be a 32-character instance key');
      const histories = await withPipeline(configFor(options), (p) => inputHistories(p.app.get(EventStore), options.instance), { stages: [], consume: false });
      if (options.instance !== undefined && histories.length === 0) throw new UsageError('no such instance in the event store');
      if (options.json) printJson({ inputs: histories });
      else printLines(describe(histories));
    });
  verifyCommand(audit);
}
