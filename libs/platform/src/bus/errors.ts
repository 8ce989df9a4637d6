import { GantryError } from '@gantry/domain';

/** A transient failure (a dependency down, a lost race): redeliver after `delayMs`. */
export class RetryableError extends GantryError {
  constructor(code: string, message: string, readonly delayMs?: number, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** A message that can never succeed (poison): terminate it and record a dead letter. */
export class PermanentError extends GantryError {}

export const isRetryable = (e: unknown): e is RetryableError => e instanceof RetryableError;
export const isPermanent = (e: unknown): e is PermanentError => e instanceof PermanentError;
