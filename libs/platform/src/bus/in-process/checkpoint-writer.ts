import { Checkpoint, EventStore } from '../../event-store';
import { sameCheckpoint } from './pending-window';

/**
 * Persists a consumer's checkpoint without blocking deliveries. Writes are serialized
 * and coalesced (only the newest target is written), so under load the store sees one
 * write per settled batch rather than one per message. A lost write only means some
 * acked events are redelivered after a restart, never that one is skipped.
 */
export class CheckpointWriter {
  private target: Checkpoint | null;
  private saved: Checkpoint | null;
  private running: Promise<void> | null = null;
  private giveUpOnError = false;
  private wake: () => void = () => undefined;
  private lastWrite = 0;

  constructor(
    private readonly store: EventStore,
    private readonly name: string,
    initial: Checkpoint | null,
    private readonly onError: (error: unknown) => void,
    private readonly retryMs = 1_000,
    private readonly minIntervalMs = 250,
  ) {
    this.target = initial;
    this.saved = initial;
  }

  set(checkpoint: Checkpoint): void {
    this.target = checkpoint;
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
  }

  /** Waits for the newest target to be written; on close a failing store is tried once, not forever. */
  async flush(final = false): Promise<void> {
    this.giveUpOnError = final;
    this.wake();
    if (final && !this.running && this.target && !sameCheckpoint(this.target, this.saved)) this.set(this.target);
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    while (this.target && !sameCheckpoint(this.target, this.saved)) {
      // At most a few writes per second: a later crash only redelivers what was acked in
      // the meantime (handlers are idempotent), and the store is spared one write per message.
      const wait = this.lastWrite + this.minIntervalMs - Date.now();
      if (wait > 0 && !this.giveUpOnError) await this.pause(wait);
      const checkpoint = this.target;
      try {
        await this.store.storeCheckpoint(this.name, checkpoint);
        this.saved = checkpoint;
        this.lastWrite = Date.now();
      } catch (error) {
        this.onError(error);
        if (this.giveUpOnError) return;
        await new Promise((resolve) => setTimeout(resolve, this.retryMs));
      }
    }
  }

  /** Waits out the write interval, cut short when a final flush is asked for. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
