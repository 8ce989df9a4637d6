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

/** Handlers or consumers are wired wrongly; raised at boot so a bad deployment never starts. */
export class BusConfigurationError extends GantryError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('BUS_CONFIGURATION', message, options);
  }
}

/** A handler did not settle within the ack wait; counts as a failed delivery. */
export class AckTimeoutError extends GantryError {
  constructor(readonly ackWaitMs: number) {
    super('ACK_TIMEOUT', `handler did not settle within ${ackWaitMs} ms`);
  }
}

/** A NATS message is not a well-formed CloudEvent in binary mode. Names headers, never values. */
export class WireFormatError extends GantryError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('WIRE_FORMAT', message, options);
  }
}

/** The bus (or relay) was closed while a caller still waited on it. */
export class BusClosedError extends GantryError {
  constructor(what: string) {
    super('BUS_CLOSED', `${what} is closed`);
  }
}

/** The relay's leader lock could not be taken or was lost (its database session ended). */
export class LeaderLockError extends GantryError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('LEADER_LOCK', message, options);
  }
}
