import { EventStore, GantryConfig, listDeadLetters, redeadLetterId, ReplayEvent, requestReplay } from '@gantry/platform';
import { MESSAGE_DEAD_LETTERED } from '@gantry/domain';
import { UsageError } from '../cli-error';
import { withJetStream } from '../cluster';
import { withPipeline } from '../pipeline';
import { waitForReplays } from './dlq-wait';

export interface ReplayCommand {
  id?: string;
  all: boolean;
  consumer?: string;
  /** On a cluster: wait until the stage's replay durable has settled each replay. */
  wait: boolean;
  timeoutMs: number;
}

export interface ReplayResult {
  deadLetterId: string;
  replayId: string;
  consumer: string;
  eventId: string;
  /** `requested` when not waiting; else whether the redelivery was handled or dead-lettered again. */
  outcome: 'handled' | 'dead-lettered' | 'requested';
  newDeadLetter?: { id: string; reason: string };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Replays dead letters. Embedded: the stages run in this process, so the replay is carried
 * out here and its outcome is known once the bus is idle. On a cluster the CLI only appends
 * the replay requests; the stage services' `-replay` durables redeliver them, and the CLI
 * waits until those have settled the requests (or gives up after the timeout).
 */
export async function replayDeadLetters(config: GantryConfig, command: ReplayCommand): Promise<ReplayResult[]> {
  checkUsage(command);
  if (config.bus.kind === 'in-process') {
    return withPipeline(config, async (pipeline) => {
      const store = pipeline.app.get(EventStore);
      const replays = await requestAll(store, command);
      await pipeline.whenIdle();
      return Promise.all(replays.map((r) => outcomeOf(store, r)));
    });
  }
  const bus = config.bus;
  return withPipeline(
    config,
    (pipeline) =>
      withJetStream(bus, async (jsm) => {
        const store = pipeline.app.get(EventStore);
        // Replays are looked up on the stream after this point, so nothing older is mistaken for them.
        const after = (await jsm.streams.info(bus.stream)).state.last_seq;
        const replays = await requestAll(store, command);
        if (!command.wait) return replays.map((r) => ({ ...resultOf(r), outcome: 'requested' as const }));
        await waitForReplays(jsm, bus, replays, after, command.timeoutMs);
        return Promise.all(replays.map((r) => outcomeOf(store, r)));
      }),
    { consume: false },
  );
}

function checkUsage(command: ReplayCommand): void {
  if (command.all === (command.id !== undefined)) throw new UsageError('dlq replay takes a dead letter id, or --all');
  if (command.id !== undefined && !UUID.test(command.id)) throw new UsageError('a dead letter id is a UUID (see `gantry dlq list`)');
  if (command.consumer !== undefined && !command.all) throw new UsageError('--consumer goes with --all');
  if (!(command.timeoutMs > 0)) throw new UsageError('--timeout takes a positive number of seconds');
}

async function requestAll(store: EventStore, command: ReplayCommand): Promise<ReplayEvent[]> {
  const ids = command.id
    ? [command.id.toLowerCase()]
    : (await listDeadLetters(store)).filter((l) => l.state === 'open' && (!command.consumer || l.consumer === command.consumer)).map((l) => l.id);
  const replays: ReplayEvent[] = [];
  // One by one: each is an audit record, and a refusal (original missing) stops the batch visibly.
  for (const id of ids) replays.push(await requestReplay(store, id));
  return replays;
}

const resultOf = (r: ReplayEvent): Omit<ReplayResult, 'outcome'> => ({
  deadLetterId: r.data.deadLetterId,
  replayId: r.id,
  consumer: r.data.consumer,
  eventId: r.data.eventId,
});

/** A failed replay leaves a dead letter whose id derives from the replay; its absence means handled. */
async function outcomeOf(store: EventStore, replay: ReplayEvent): Promise<ReplayResult> {
  const again = await store.findEvent(redeadLetterId(replay));
  if (!again || again.event.type !== MESSAGE_DEAD_LETTERED) return { ...resultOf(replay), outcome: 'handled' };
  return { ...resultOf(replay), outcome: 'dead-lettered', newDeadLetter: { id: again.event.id, reason: again.event.data.reason } };
}
