import { GantryError } from '@gantry/domain';

/** The stream was not at the expected version: another writer won. Safe to reload and retry. */
export class ConcurrencyError extends GantryError {
  constructor(
    readonly streamId: string,
    readonly expected: string,
    readonly actual: number,
    options?: { cause?: unknown },
  ) {
    super('CONCURRENCY', `stream ${streamId} expected version ${expected} but is at ${actual}`, options);
  }
}

export const isConcurrencyError = (e: unknown): e is ConcurrencyError => e instanceof ConcurrencyError;

export class EventStoreError extends GantryError {}

/**
 * Some, but not all, of a batch's event ids are already stored (or stored in another
 * stream). A retried handler re-appends exactly the same ids, so this is a bug, not a retry.
 */
export class PartialDuplicateError extends EventStoreError {
  constructor(
    readonly streamId: string,
    options?: { cause?: unknown },
  ) {
    super('PARTIAL_DUPLICATE', `append to stream ${streamId} overlaps events already stored`, options);
  }
}

/** The embedded PGlite database could not be started or stopped. */
export class EmbeddedPostgresError extends EventStoreError {}
