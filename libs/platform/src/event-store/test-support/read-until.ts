import { setTimeout as sleep } from 'node:timers/promises';
import { Checkpoint, EventStore, ReadAllOptions, StoredEvent } from '../event-store.port';

/**
 * Reads forward from `after`, checkpoint by checkpoint, until `count` events arrived. The
 * horizon is the oldest transaction running anywhere in the cluster, so on a shared test
 * server another suite's open transaction delays (never reorders or drops) what readAll
 * returns: tests that expect events must wait for them.
 */
export async function readUntil(
  store: EventStore,
  count: number,
  options: Omit<ReadAllOptions, 'after'> & { after?: Checkpoint | null; timeoutMs?: number } = {},
): Promise<{ events: StoredEvent[]; checkpoint: Checkpoint | null }> {
  const { timeoutMs = 15_000, after = null, ...read } = options;
  const deadline = Date.now() + timeoutMs;
  const events: StoredEvent[] = [];
  let checkpoint = after;
  while (events.length < count) {
    if (Date.now() > deadline) throw new Error(`readAll delivered ${events.length} of ${count} events in ${timeoutMs} ms`);
    const page = await store.readAll({ ...read, after: checkpoint });
    events.push(...page.events);
    checkpoint = page.checkpoint;
    if (page.events.length === 0) await sleep(20);
  }
  return { events, checkpoint };
}
