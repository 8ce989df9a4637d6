import { DEAD_LETTER_REPLAYED, MESSAGE_DEAD_LETTERED } from '@gantry/domain';
import { Checkpoint, EventStore, StoredEvent } from '../../event-store';

export interface DeadLetterEntry {
  /** The dead letter's event id: what `gantry dlq replay` takes. */
  id: string;
  consumer: string;
  /** The event the consumer gave up on. */
  eventId: string;
  eventType: string;
  reason: string;
  deliveries: number;
  /** Opaque instance key (or the consumer name for unidentified messages). */
  subject: string;
  time: string;
  /** Replays requested for this letter, oldest first. */
  replays: { id: string; time: string }[];
  /** `open` until a replay is requested; a replay that fails again leaves a new open letter. */
  state: 'open' | 'replayed';
}

const PAGE = 1_000;

/** Every dead letter with its replays, oldest first, read from the store (the complete history). */
export async function listDeadLetters(store: EventStore): Promise<DeadLetterEntry[]> {
  const letters = new Map<string, DeadLetterEntry>();
  const replays: StoredEvent[] = [];
  let after: Checkpoint | null = null;
  for (;;) {
    const batch = await store.readAll({ after, limit: PAGE, types: [MESSAGE_DEAD_LETTERED, DEAD_LETTER_REPLAYED] });
    for (const stored of batch.events) {
      const e = stored.event;
      if (e.type === MESSAGE_DEAD_LETTERED) {
        letters.set(e.id, { id: e.id, ...e.data, subject: e.subject, time: e.time, replays: [], state: 'open' });
      } else if (e.type === DEAD_LETTER_REPLAYED) replays.push(stored);
    }
    if (batch.events.length < PAGE) break;
    after = batch.checkpoint;
  }
  for (const { event: e } of replays) {
    const letter = e.type === DEAD_LETTER_REPLAYED ? letters.get(e.data.deadLetterId) : undefined;
    if (!letter) continue;
    letter.replays.push({ id: e.id, time: e.time });
    letter.state = 'replayed';
  }
  return [...letters.values()];
}
