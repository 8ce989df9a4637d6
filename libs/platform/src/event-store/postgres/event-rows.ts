import { EnvelopeMetadata, EventEnvelope, GantryEvent } from '@gantry/domain';
import { EventStoreError } from '../errors';
import { Checkpoint, StoredEvent } from '../event-store.port';

/** The columns every read selects, in the shape pg returns them (int8 and xid8 as strings). */
export const EVENT_COLUMNS =
  'e.global_position, e.transaction_id, e.stream_id, e.stream_position, e.event_id, e.type, e.data, e.metadata, e.recorded_at, e.hash';

export interface EventRow {
  global_position: string;
  transaction_id: string;
  stream_id: string;
  stream_position: number;
  event_id: string;
  type: string;
  data: unknown;
  metadata: EnvelopeMetadata;
  recorded_at: Date;
  hash: string;
}

/** pg hands int8 and xid8 over as decimal strings; positions are bigint in TypeScript. */
export function toBigInt(value: string | number | bigint): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' || /^[0-9]+$/.test(value)) return BigInt(value);
  throw new EventStoreError('BAD_POSITION', 'a position column is not an unsigned integer');
}

/**
 * Postgres stores the id as a uuid and gives it back lower-case without a urn prefix;
 * the hash must be taken over that form, or a valid upper-case id would fail verification.
 */
export const canonicalEventId = (id: string): string => id.toLowerCase().replace(/^urn:uuid:/, '');

/** The envelope fields other than id, type and data, as stored in the metadata column. */
export function metadataOf(event: EnvelopeMetadata): EnvelopeMetadata {
  return {
    source: event.source,
    time: event.time,
    subject: event.subject,
    correlationId: event.correlationId,
    causationId: event.causationId,
    traceparent: event.traceparent,
  };
}

/** The envelope exactly as the chain hashed it: canonical id, stored metadata, data. */
export function envelopeOf(id: string, type: string, metadata: EnvelopeMetadata, data: unknown): EventEnvelope {
  return { id: canonicalEventId(id), type, ...metadataOf(metadata), data };
}

export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    // Rows were validated against their schema before they were written.
    event: envelopeOf(row.event_id, row.type, row.metadata, row.data) as GantryEvent,
    streamId: row.stream_id,
    streamPosition: row.stream_position,
    globalPosition: toBigInt(row.global_position),
    transactionId: toBigInt(row.transaction_id),
    recordedAt: row.recorded_at,
    hash: row.hash,
  };
}

export const checkpointOf = (e: { transactionId: bigint; globalPosition: bigint }): Checkpoint => ({
  transactionId: e.transactionId,
  globalPosition: e.globalPosition,
});
