import { Command } from 'commander';
import { GantryError } from '@gantry/domain';
import { DeadLetterEntry, EventStore, listDeadLetters } from '@gantry/platform';
import { configFor, GlobalOptions } from '../global-options';
import { printJson, printLines, printTable } from '../output';
import { withPipeline } from '../pipeline';
import { replayDeadLetters } from './dlq-replay';

/** A replayed event failed again: the command exits 1 after printing the new dead letters. */
export class ReplayFailedError extends GantryError {}

interface ListOptions extends GlobalOptions {
  all?: boolean;
  consumer?: string;
}

interface ReplayOptions extends GlobalOptions {
  all?: boolean;
  consumer?: string;
  wait?: boolean;
  timeout?: string;
}

/** `gantry dlq list|replay`: inspect dead letters and hand them back to their consumer. */
export function dlqCommand(program: Command): void {
  const dlq = program.command('dlq').description('dead letters: messages a stage gave up on, by consumer and reason code');
  dlq
    .command('list')
    .description('open dead letters (not replayed yet); --all includes replayed ones')
    .option('--all', 'include dead letters that were replayed')
    .option('--consumer <name>', 'only this consumer (indexer, inspector, …)')
    .action(async (_o: ListOptions, cmd: Command) => {
      const options = cmd.optsWithGlobals<ListOptions>();
      const all = await withPipeline(configFor(options), (p) => listDeadLetters(p.app.get(EventStore)), { consume: false });
      const letters = all.filter((l) => (options.all || l.state === 'open') && (!options.consumer || l.consumer === options.consumer));
      if (options.json) printJson({ deadLetters: letters });
      else printList(letters);
    });
  dlq
    .command('replay')
    .description('redeliver dead-lettered events to their consumer (in this process, or through the services on a cluster)')
    .argument('[id]', 'dead letter id (from `gantry dlq list`)')
    .option('--all', 'every open dead letter (with --consumer: of that consumer)')
    .option('--consumer <name>', 'with --all: only this consumer')
    .option('--no-wait', 'on a cluster: return once the replay is requested')
    .option('--timeout <seconds>', 'on a cluster: how long to wait for the outcome', '120')
    .action(async (id: string | undefined, _o: ReplayOptions, cmd: Command) => {
      const options = cmd.optsWithGlobals<ReplayOptions>();
      const results = await replayDeadLetters(configFor(options), {
        id,
        all: options.all === true,
        consumer: options.consumer,
        wait: options.wait !== false,
        timeoutMs: Number.parseFloat(options.timeout ?? '120') * 1000,
      });
      if (options.json) printJson({ replays: results });
      else printLines(results.length ? results.map((r) => `${r.deadLetterId} ${r.consumer}: ${describeOutcome(r.outcome, r.newDeadLetter?.reason)}`) : ['no open dead letters']);
      const failed = results.filter((r) => r.outcome === 'dead-lettered').length;
      if (failed > 0) throw new ReplayFailedError('REPLAY_DEAD_LETTERED', `${failed} of ${results.length} replayed event(s) were dead-lettered again`);
    });
}

function printList(letters: DeadLetterEntry[]): void {
  if (letters.length === 0) {
    printLines(['no dead letters']);
    return;
  }
  printTable(
    ['ID', 'CONSUMER', 'REASON', 'DELIVERIES', 'EVENT TYPE', 'EVENT', 'TIME', 'STATE'],
    letters.map((l) => [l.id, l.consumer, l.reason, l.deliveries, l.eventType, l.eventId, l.time, l.state]),
  );
}

function describeOutcome(outcome: string, reason: string | undefined): string {
  if (outcome === 'handled') return 'replayed and handled';
  if (outcome === 'dead-lettered') return `replayed and dead-lettered again (${reason ?? 'UNKNOWN'})`;
  return 'replay requested; the stage service will redeliver it';
}
