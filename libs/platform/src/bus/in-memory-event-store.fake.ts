import { assertValidEvent, GantryEvent } from '@gantry/domain';
import {
  AppendOptions,
  AppendResult,
  ChainBreak,
  Checkpoint,
  ConcurrencyError,
  EventStore,
  ReadAllBatch,
  ReadAllOptions,
  StoredEvent,
} from '../event-store';

const after = (e: StoredEvent, c: Checkpoint | null | undefined): boolean =>
  !c || e.transactionId > c.transactionId || (e.transactionId === c.transactionId && e.globalPosition > c.globalPosition);

/**
 * In-memory EventStore for unit tests of the bus: one transaction per append, read-all
 * in (transactionId, globalPosition) order, a type filter whose checkpoint still moves
 * past unmatched events, and duplicate appends of the same ids as no-ops. `failAppends`
 * and `failReads` simulate an unavailable database.
 */
export class InMemoryEventStore extends EventStore {
  readonly events: StoredEvent[] = [];
  readonly checkpoints = new Map<string, Checkpoint>();
  failAppends = false;
  failReads = false;
  private tx = 0n;
  private listeners = new Set<() => void>();

  override async append(streamId: string, events: readonly GantryEvent[], options?: AppendOptions): Promise<AppendResult> {
    if (this.failAppends) throw new Error('store unavailable');
    const stream = this.events.filter((e) => e.streamId === streamId);
    const version = stream.length;
    const known = new Set(stream.map((e) => e.event.id));
    if (events.length > 0 && events.every((e) => known.has(e.id))) return { streamVersion: version, duplicate: true };
    const expected = options?.expectedVersion ?? 'any';
    if ((expected === 'no_stream' && version > 0) || (typeof expected === 'number' && expected !== version)) {
      throw new ConcurrencyError(streamId, String(expected), version);
    }
    events.forEach((e) => assertValidEvent(e));
    const transactionId = ++this.tx;
    events.forEach((event, i) => this.events.push(this.stored(event, streamId, version + i + 1, transactionId)));
    this.listeners.forEach((l) => l());
    return { streamVersion: version + events.length, duplicate: false };
  }

  private stored(event: GantryEvent, streamId: string, streamPosition: number, transactionId: bigint): StoredEvent {
    const globalPosition = BigInt(this.events.length + 1);
    return { event, streamId, streamPosition, globalPosition, transactionId, recordedAt: new Date(), hash: '' };
  }

  override async readStream(streamId: string, options?: { fromPosition?: number }): Promise<StoredEvent[]> {
    return this.events.filter((e) => e.streamId === streamId && e.streamPosition >= (options?.fromPosition ?? 1));
  }

  override async readAll(options: ReadAllOptions = {}): Promise<ReadAllBatch> {
    if (this.failReads) throw new Error('store unavailable');
    const limit = options.limit ?? 1000;
    const types = options.types ? new Set(options.types) : null;
    const matched: StoredEvent[] = [];
    let checkpoint = options.after ?? null;
    for (const e of this.events) {
      if (!after(e, options.after)) continue;
      if (matched.length >= limit) break;
      if (!types || types.has(e.event.type)) matched.push(e);
      checkpoint = { transactionId: e.transactionId, globalPosition: e.globalPosition };
    }
    return { events: matched, checkpoint };
  }

  override async findEvent(eventId: string): Promise<StoredEvent | null> {
    return this.events.find((e) => e.event.id === eventId) ?? null;
  }

  override async loadCheckpoint(name: string): Promise<Checkpoint | null> {
    return this.checkpoints.get(name) ?? null;
  }

  override async storeCheckpoint(name: string, checkpoint: Checkpoint): Promise<void> {
    this.checkpoints.set(name, checkpoint);
  }

  override onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  override async verifyChains(): Promise<ChainBreak[]> {
    return [];
  }

  override async close(): Promise<void> {
    this.listeners.clear();
  }
}
