import { GantryError } from '@gantry/domain';

/** The stream was not at the expected version: another writer won. Safe to reload and retry. */
export class ConcurrencyError extends GantryError {
  constructor(
    readonly streamId: string,
    readonly expected: string,
    readonly actual: number,
  ) {
    super('CONCURRENCY', `stream ${streamId} expected version ${expected} but is at ${actual}`);
  }
}

export const isConcurrencyError = (e: unknown): e is ConcurrencyError => e instanceof ConcurrencyError;

export class EventStoreError extends GantryError {}
