import { StreamTailCache } from '../chain/stream-tail-cache';
import { EventStoreError } from '../errors';
import { StoredEvent } from '../event-store.port';
import { canonicalEventId, EVENT_COLUMNS, EventRow, toStoredEvent } from './event-rows';
import { qualified } from './schema-name';
import { SqlClient } from './sql-client';

const readStreamSql = (schema: string): string =>
  `SELECT ${EVENT_COLUMNS} FROM ${qualified(schema, 'events')} e
    WHERE e.stream_id = $1 AND e.stream_position >= $2 ORDER BY e.stream_position`;

const findEventSql = (schema: string): string =>
  `SELECT ${EVENT_COLUMNS} FROM ${qualified(schema, 'events')} e WHERE e.event_id = $1::uuid`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Reads one stream, or one event by id. */
export class StreamReader {
  private readonly streamSql: string;
  private readonly eventSql: string;

  constructor(
    private readonly db: SqlClient,
    schema: string,
    private readonly tails: StreamTailCache,
  ) {
    this.streamSql = readStreamSql(schema);
    this.eventSql = findEventSql(schema);
  }

  async readStream(streamId: string, fromPosition = 1): Promise<StoredEvent[]> {
    if (!Number.isSafeInteger(fromPosition) || fromPosition < 1) {
      throw new EventStoreError('INVALID_POSITION', 'fromPosition must be a positive integer');
    }
    const events = (await this.db.query<EventRow>(this.streamSql, [streamId, fromPosition])).map(toStoredEvent);
    // Loading a stream usually precedes appending to it: remembering its tail makes that
    // append a single round trip.
    const last = events[events.length - 1];
    if (last) this.tails.set(streamId, { version: last.streamPosition, hash: last.hash });
    return events;
  }

  /** Null for an unknown id, and for a string that is not a uuid (it cannot be stored). */
  async findEvent(eventId: string): Promise<StoredEvent | null> {
    const id = canonicalEventId(eventId);
    if (!UUID.test(id)) return null;
    const row = (await this.db.query<EventRow>(this.eventSql, [id]))[0];
    return row ? toStoredEvent(row) : null;
  }
}
