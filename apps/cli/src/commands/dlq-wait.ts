import { JetStreamManager, MsgRequest } from '@nats-io/jetstream';
import { DEAD_LETTER_REPLAYED, GantryError } from '@gantry/domain';
import { CE, ReplayEvent, replayConsumerName, subjectForType } from '@gantry/platform';
import { JetStreamBus } from '../cluster';

/** The replay was requested, but no stage service settled it in time. */
export class ReplayWaitError extends GantryError {}

const POLL_MS = 250;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until each replay has been published by a service's relay and settled by its
 * stage's `-replay` durable (its ack floor passed the replay's stream sequence: handled,
 * or dead-lettered again, either way recorded in the store).
 */
export async function waitForReplays(jsm: JetStreamManager, bus: JetStreamBus, replays: readonly ReplayEvent[], afterSeq: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const seqs = await locate(jsm, bus, new Set(replays.map((r) => r.id)), afterSeq, deadline);
  for (const replay of replays) {
    const durable = replayConsumerName(replay.data.consumer);
    const seq = seqs.get(replay.id) ?? Number.MAX_SAFE_INTEGER;
    for (;;) {
      const info = await jsm.consumers.info(bus.stream, durable).catch(() => null);
      if (info && info.ack_floor.stream_seq >= seq) break;
      if (Date.now() > deadline) {
        throw new ReplayWaitError('REPLAY_TIMEOUT', `replay ${replay.id} is requested, but no ${replay.data.consumer} service settled it in time (is one running?)`);
      }
      await sleep(POLL_MS);
    }
  }
}

/** Stream sequences of the wanted replay messages, found by walking the replay subject forward. */
async function locate(jsm: JetStreamManager, bus: JetStreamBus, wanted: Set<string>, afterSeq: number, deadline: number): Promise<Map<string, number>> {
  const subject = subjectForType(DEAD_LETTER_REPLAYED, bus.subjectPrefix);
  const found = new Map<string, number>();
  let seq = afterSeq;
  while (found.size < wanted.size) {
    // STREAM.MSG.GET takes next_by_subj since nats-server 2.9; the client only types it for direct gets.
    const request = { next_by_subj: subject, seq: seq + 1 } as unknown as MsgRequest;
    const msg = await jsm.streams.getMessage(bus.stream, request).catch(() => null);
    if (msg) {
      const id = msg.header.get(CE.id);
      if (wanted.has(id)) found.set(id, msg.seq);
      seq = msg.seq;
      continue;
    }
    if (Date.now() > deadline) {
      throw new ReplayWaitError('REPLAY_NOT_PUBLISHED', `${wanted.size - found.size} replay request(s) were not published to ${bus.stream} in time (is a service relaying?)`);
    }
    await sleep(POLL_MS);
  }
  return found;
}
