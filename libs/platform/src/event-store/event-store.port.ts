import { GantryEvent } from '@gantry/domain';

/**
 * Expected stream version for optimistic concurrency.
 * - a number: the stream must be exactly at that version (its last stream position);
 * - 'no_stream': the stream must not exist yet;
 * - 'any': no check.
 */
export type ExpectedVersion = number | 'no_stream' | 'any';

export interface AppendOptions {
  expectedVersion?: ExpectedVersion;
}

export interface AppendResult {
  /** Version of the stream after the append (the last event's stream position). */
  streamVersion: number;
  /**
   * True when every event id was already stored in this stream: a retried handler
   * re-appending its deterministic event ids is a no-op, not an error.
   */
  duplicate: boolean;
}

/**
 * Read-all position. Events are ordered by (transactionId, globalPosition); a reader
 * only sees transactions older than the oldest one still in flight, so an event
 * committed late by a slow transaction can never be skipped.
 */
export interface Checkpoint {
  readonly transactionId: bigint;
  readonly globalPosition: bigint;
}

export interface StoredEvent<E extends GantryEvent = GantryEvent> {
  readonly event: E;
  readonly streamId: string;
  /** 1-based position within the stream. */
  readonly streamPosition: number;
  readonly globalPosition: bigint;
  readonly transactionId: bigint;
  readonly recordedAt: Date;
  /** Keyed hash chain link over this event and the previous one in its stream. */
  readonly hash: string;
}

export interface ReadAllOptions {
  after?: Checkpoint | null;
  limit?: number;
  /** Only these event types (the checkpoint still advances past others). */
  types?: readonly string[];
}

export interface ReadAllBatch {
  events: StoredEvent[];
  /** Where the next read starts: past every event this read could see, matched or not. */
  checkpoint: Checkpoint | null;
  /**
   * Committed events exist past the read horizon (a transaction older than them was still
   * running): the read is not caught up even if it returned nothing, so read again soon.
   * Optional for stores without a horizon (absent means false).
   */
  held?: boolean;
}

/**
 * Why a chain is broken: a stored hash does not match its recomputation; a stream
 * position is missing; the stream's recorded head is past its last event (its tail, or
 * the whole stream, was removed); or the recorded head disagrees with the last event.
 */
export type ChainBreakReason = 'hash_mismatch' | 'gap' | 'truncated' | 'head_mismatch';

export interface ChainBreak {
  streamId: string;
  streamPosition: number;
  /** The offending row; for a truncation, the last surviving row (0n when none survives). */
  globalPosition: bigint;
  reason?: ChainBreakReason;
}

/**
 * Append-only event store; it is also the audit trail. Implementations refuse UPDATE
 * and DELETE of events at the database level and validate each event against its
 * schema before it is written.
 */
export abstract class EventStore {
  abstract append(streamId: string, events: readonly GantryEvent[], options?: AppendOptions): Promise<AppendResult>;
  abstract readStream(streamId: string, options?: { fromPosition?: number }): Promise<StoredEvent[]>;
  abstract readAll(options?: ReadAllOptions): Promise<ReadAllBatch>;
  abstract findEvent(eventId: string): Promise<StoredEvent | null>;
  abstract loadCheckpoint(name: string): Promise<Checkpoint | null>;
  abstract storeCheckpoint(name: string, checkpoint: Checkpoint): Promise<void>;
  /** Registers a wake-up hint fired after appends (local and, where supported, from other processes). */
  abstract onAppend(listener: () => void): () => void;
  /** Re-computes every stream's hash chain; returns the first break per stream. */
  abstract verifyChains(options?: { streamId?: string }): Promise<ChainBreak[]>;
  abstract close(): Promise<void>;
}
