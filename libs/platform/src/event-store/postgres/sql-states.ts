/**
 * SQLSTATEs raised by the store's own SQL. Class "GA" is not used by Postgres, so these
 * can never be confused with a server error.
 */
export const SQL_STATE = {
  /** UPDATE, DELETE or TRUNCATE on events. */
  APPEND_ONLY: 'GA403',
  /** The stream is not at the expected version; DETAIL is the actual version. */
  WRONG_VERSION: 'GA409',
  /** The caller hashed from a stale tail; DETAIL is {"version","hash"} of the real one. */
  STALE_TAIL: 'GA412',
  /** Some of the batch's event ids are stored already, but not all of them in this stream. */
  PARTIAL_DUPLICATE: 'GA422',
  UNIQUE_VIOLATION: '23505',
} as const;

/** Channel of the cross-process wake-up hint (sent after commit); the payload is the store's schema. */
export const APPEND_CHANNEL = 'gantry_events';
