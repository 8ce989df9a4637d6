import { Checkpoint } from '../../event-store';

export interface WindowEntry {
  readonly position: Checkpoint;
  done: boolean;
}

/**
 * The events a consumer has read but not finished, in read order. The persisted
 * checkpoint may only move over the contiguous finished prefix: an event still in flight
 * or waiting for redelivery pins it, so a restart re-reads that event (and re-delivers
 * some already acked after it, which idempotent handlers absorb) but never skips one.
 */
export class PendingWindow {
  private entries: WindowEntry[] = [];
  private head = 0;
  private unfinished = 0;

  /** Entries not yet finished: what bounds how far ahead the consumer may read. */
  get open(): number {
    return this.unfinished;
  }

  /** Adds an event to track, or (done = true) a bare position such as a read's end checkpoint. */
  add(position: Checkpoint, done = false): WindowEntry {
    const entry: WindowEntry = { position, done };
    this.entries.push(entry);
    if (!done) this.unfinished++;
    return entry;
  }

  finish(entry: WindowEntry): void {
    if (entry.done) return;
    entry.done = true;
    this.unfinished--;
  }

  /** Drops the finished prefix and returns the last dropped position, or null when none moved. */
  advance(): Checkpoint | null {
    let last: Checkpoint | null = null;
    while (this.head < this.entries.length) {
      const entry = this.entries[this.head];
      if (!entry || !entry.done) break;
      last = entry.position;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    return last;
  }
}

export const positionOf = (e: { transactionId: bigint; globalPosition: bigint }): Checkpoint => ({
  transactionId: e.transactionId,
  globalPosition: e.globalPosition,
});

export const sameCheckpoint = (a: Checkpoint | null | undefined, b: Checkpoint | null | undefined): boolean =>
  (a ?? null) === (b ?? null) || (!!a && !!b && a.transactionId === b.transactionId && a.globalPosition === b.globalPosition);
