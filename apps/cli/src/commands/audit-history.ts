import { GantryEvent, MESSAGE_DEAD_LETTERED } from '@gantry/domain';
import { Checkpoint, EventStore, StoredEvent } from '@gantry/platform';

/** One step of an input's history: what happened, when, which stage, under which configuration version. */
export interface AuditEntry {
  position: number;
  time: string;
  stage: string;
  event: string;
  configVersion: number | null;
  /** Codes and opaque keys only (events carry nothing else). */
  detail: Record<string, unknown>;
}

export interface InputHistory {
  stream: string;
  entries: AuditEntry[];
}

const INPUT_STREAM = /^(instance|rejected)-[0-9a-f]{32}$/;

/** `gantry.instance.exported.v1` → `instance.exported`. */
const shortType = (type: string): string => type.replace(/^gantry\./, '').replace(/\.v\d+$/, '');

/** What is worth reading in a line: outcome codes and places, not the long finding lists. */
function detailOf(e: GantryEvent): Record<string, unknown> {
  const data = e.data as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of ['reason', 'reasons', 'paths', 'risk', 'source', 'batchId', 'destination', 'location', 'ruleId', 'sha256', 'reversible', 'consumer', 'deliveries']) {
    if (data[k] !== undefined) out[k] = data[k];
  }
  if (Array.isArray(data['findings'])) out['findings'] = data['findings'].length;
  if (Array.isArray(data['zones'])) out['zones'] = data['zones'].length;
  return out;
}

function entryOf(s: StoredEvent, position: number): AuditEntry {
  const e = s.event;
  const version = (e.data as { configVersion?: unknown }).configVersion;
  return {
    position,
    time: e.time,
    stage: e.source.replace(/^gantry\//, ''),
    event: shortType(e.type),
    configVersion: typeof version === 'number' ? version : null,
    detail: detailOf(e),
  };
}

/** Every event in commit order, page by page (the store may be large; nothing but events is held). */
async function* everyEvent(store: EventStore): AsyncGenerator<StoredEvent> {
  let after: Checkpoint | null = null;
  for (;;) {
    const batch = await store.readAll({ after, limit: 1_000 });
    yield* batch.events;
    const next = batch.checkpoint;
    if (!next || (after && next.transactionId === after.transactionId && next.globalPosition === after.globalPosition)) return;
    after = next;
  }
}

/**
 * Each input's history from the event store: its own stream (instance-… or rejected-…)
 * and the dead letters of its events, merged in commit order. One stream when `key` is given.
 */
export async function inputHistories(store: EventStore, key?: string): Promise<InputHistory[]> {
  const streams = new Map<string, StoredEvent[]>();
  const dead: StoredEvent[] = [];
  for await (const s of everyEvent(store)) {
    if (s.event.type === MESSAGE_DEAD_LETTERED) dead.push(s);
    if (!INPUT_STREAM.test(s.streamId) || (key !== undefined && !s.streamId.endsWith(key))) continue;
    streams.set(s.streamId, [...(streams.get(s.streamId) ?? []), s]);
  }
  const streamOf = new Map<string, string>();
  for (const [stream, events] of streams) for (const e of events) streamOf.set(e.event.id, stream);
  for (const d of dead) {
    const stream = d.event.type === MESSAGE_DEAD_LETTERED ? streamOf.get(d.event.data.eventId) : undefined;
    if (stream !== undefined) streams.get(stream)?.push(d);
  }
  return [...streams.entries()].map(([stream, events]) => ({
    stream,
    entries: events.sort((a, b) => (a.globalPosition < b.globalPosition ? -1 : 1)).map((e, i) => entryOf(e, i + 1)),
  }));
}
