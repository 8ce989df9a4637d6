import { PermanentError, RetryableError } from '@gantry/platform';

/** Transient: the destination did not take the object now (network, busy, failure status); redeliver later. */
export class DestinationUnavailableError extends RetryableError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    // No fixed delay: the bus backs off per its policy (200 ms, 1 s, 5 s, 15 s …) until max deliveries.
    super(code, message, undefined, options);
  }
}

/** The destination is configured so that it can never work (missing credentials, refused request): dead-letter. */
export class DestinationConfigError extends PermanentError {}
