import { CStoreDestination } from '@gantry/domain';
import { AssociationFailure, BatchStatuses, isStored, sendOverOneAssociation } from './cstore-association';
import { DestinationUnavailableError } from './destination-errors';
import { ExportItem, ExportTarget, WriteResult } from './export-target';

interface Pending {
  readonly item: ExportItem;
  readonly resolve: (r: WriteResult) => void;
  readonly reject: (e: unknown) => void;
}

/** Writes that arrive within this window share an association. */
const LINGER_MS = 25;
const BACKOFF_MS = [250, 1_000, 4_000];

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * A DICOM Storage SCP export. Concurrent writes are queued and sent in batches of up to
 * `batch` objects over one association each (one association at a time per destination).
 * A refused or broken association is retried with backoff up to `maxRetries` times within
 * the delivery; after that, and for any failure status of an object, the write fails as
 * retryable, so the bus redelivers it and finally dead-letters it with the code.
 */
export class CStoreTarget implements ExportTarget {
  readonly kind = 'cstore' as const;
  readonly name: string;
  private readonly queue: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> = Promise.resolve();

  constructor(
    private readonly destination: CStoreDestination,
    private readonly send: typeof sendOverOneAssociation = sendOverOneAssociation,
  ) {
    this.name = destination.name;
  }

  write(item: ExportItem): Promise<WriteResult> {
    return new Promise<WriteResult>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.queue.length >= this.destination.batch) this.flushSoon(0);
      else this.flushSoon(LINGER_MS);
    });
  }

  /** Sends what is still queued, then resolves. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.sending = this.sending.then(() => this.flush());
    await this.sending;
  }

  private flushSoon(ms: number): void {
    if (this.timer !== undefined && ms > 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // Batches go out one after another: one association at a time per destination.
      this.sending = this.sending.then(() => this.flush());
    }, ms);
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.destination.batch);
      try {
        settle(batch, await this.sendWithRetries(batch.map((p) => p.item)));
      } catch (e) {
        for (const p of batch) p.reject(e);
      }
    }
  }

  private async sendWithRetries(items: readonly ExportItem[]): Promise<BatchStatuses> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.send(this.destination, items);
      } catch (e) {
        if (!(e instanceof AssociationFailure) || attempt >= this.destination.maxRetries) {
          const code = e instanceof AssociationFailure ? e.code : 'CSTORE_FAILED';
          throw new DestinationUnavailableError(code, `export destination ${this.name}: association failed`, { cause: e });
        }
        await sleep(BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)] ?? 1_000);
      }
    }
  }
}

function settle(batch: readonly Pending[], statuses: BatchStatuses): void {
  for (const p of batch) {
    const status = statuses.get(p.item);
    if (isStored(status)) p.resolve({ location: p.item.location });
    else {
      const what = status === undefined ? 'no response' : `status 0x${status.toString(16).padStart(4, '0')}`;
      p.reject(new DestinationUnavailableError('CSTORE_FAILED', `the Storage SCP did not store an instance (${what})`));
    }
  }
}
