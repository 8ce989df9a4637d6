import { assertValidEvent, EventEnvelope, GantryEvent } from '@gantry/domain';
import { EventChain, StreamTail } from '../chain/event-chain';
import { StreamTailCache } from '../chain/stream-tail-cache';
import { ConcurrencyError, EventStoreError, PartialDuplicateError } from '../errors';
import { AppendResult, ExpectedVersion } from '../event-store.port';
import { envelopeOf, metadataOf } from './event-rows';
import { qualified } from './schema-name';
import { pgErrorInfo, SqlClient } from './sql-client';
import { SQL_STATE } from './sql-states';

const appendSql = (schema: string): string =>
  `SELECT stream_version, tail_hash, duplicate FROM ${qualified(schema, 'gantry_append')}($1, $2, $3, $4, $5::jsonb)`;

const streamVersionSql = (schema: string): string =>
  `SELECT version FROM ${qualified(schema, 'streams')} WHERE stream_id = $1`;

interface AppendRow {
  stream_version: number;
  tail_hash: string | null;
  duplicate: boolean;
}

export const NEW_STREAM: StreamTail = { version: 0, hash: null };

/**
 * Each attempt is one round trip. A stale or missing cached tail costs one extra attempt
 * (the function answers with the real tail); a lost race to create a stream costs one
 * more. Beyond that the stream is contended and the caller should reload and retry.
 */
const MAX_ATTEMPTS = 4;

/** Appends batches through gantry_append(), hashing each batch onto the stream's chain. */
export class StreamAppender {
  private readonly appendSql: string;
  private readonly versionSql: string;

  constructor(
    private readonly db: SqlClient,
    schema: string,
    private readonly chain: EventChain,
    private readonly tails: StreamTailCache,
  ) {
    this.appendSql = appendSql(schema);
    this.versionSql = streamVersionSql(schema);
  }

  async append(streamId: string, events: readonly GantryEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    const expectedParam = expectedVersionParam(expected);
    if (events.length === 0) return this.appendNothing(streamId, expected);
    const envelopes = validBatch(events);
    // Guessing a new stream on a cache miss costs nothing extra: a wrong guess is answered
    // with the real tail, exactly like an explicit probe would be.
    let tail = this.tails.get(streamId) ?? NEW_STREAM;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const row = await this.call(streamId, expectedParam, tail, envelopes);
        this.tails.set(streamId, { version: row.stream_version, hash: row.tail_hash });
        return { streamVersion: row.stream_version, duplicate: row.duplicate };
      } catch (e) {
        tail = this.recover(e, streamId, expected, attempt, tail);
      }
    }
  }

  private async call(streamId: string, expected: string, tail: StreamTail, envelopes: EventEnvelope[]): Promise<AppendRow> {
    const hashes = this.chain.extend(streamId, tail, envelopes);
    const payload = envelopes.map((e, i) => ({ id: e.id, type: e.type, data: e.data, metadata: metadataOf(e), hash: hashes[i] }));
    const rows = await this.db.query<AppendRow>(this.appendSql, [streamId, expected, tail.version, tail.hash, JSON.stringify(payload)]);
    const row = rows[0];
    if (!row) throw new EventStoreError('APPEND_FAILED', `append to stream ${streamId} returned no result`);
    return row;
  }

  /** Returns the tail to retry from, or throws what the caller should see. */
  private recover(e: unknown, streamId: string, expected: ExpectedVersion, attempt: number, tail: StreamTail): StreamTail {
    const { code, detail } = pgErrorInfo(e);
    if (code === SQL_STATE.WRONG_VERSION) {
      this.tails.forget(streamId);
      throw new ConcurrencyError(streamId, String(expected), Number(detail), { cause: e });
    }
    if (code === SQL_STATE.PARTIAL_DUPLICATE) throw new PartialDuplicateError(streamId, { cause: e });
    if (code !== SQL_STATE.STALE_TAIL && code !== SQL_STATE.UNIQUE_VIOLATION) {
      throw new EventStoreError('APPEND_FAILED', `append to stream ${streamId} failed`, { cause: e });
    }
    if (attempt >= MAX_ATTEMPTS) {
      throw new ConcurrencyError(streamId, String(expected), tail.version, { cause: e });
    }
    // A unique violation means a concurrent append created the stream (or stored these
    // ids) first; the next attempt runs the checks against its committed rows.
    if (code === SQL_STATE.UNIQUE_VIOLATION) {
      this.tails.forget(streamId);
      return NEW_STREAM;
    }
    return parseTail(detail);
  }

  /** An empty batch writes nothing but still honours the expected version. */
  private async appendNothing(streamId: string, expected: ExpectedVersion): Promise<AppendResult> {
    const rows = await this.db.query<{ version: number }>(this.versionSql, [streamId]);
    const version = rows[0]?.version ?? 0;
    const wanted = expected === 'no_stream' ? 0 : expected;
    if (wanted !== 'any' && wanted !== version) throw new ConcurrencyError(streamId, String(expected), version);
    return { streamVersion: version, duplicate: false };
  }
}

export function expectedVersionParam(expected: ExpectedVersion): string {
  if (expected === 'any' || expected === 'no_stream') return expected;
  if (!Number.isSafeInteger(expected) || expected < 0 || expected > 0x7fffffff) {
    throw new EventStoreError('INVALID_EXPECTED_VERSION', 'expected version must be a non-negative integer');
  }
  return expected === 0 ? 'no_stream' : String(expected);
}

/** Schema-checks every event (an invalid one must never be stored) and normalizes ids. */
export function validBatch(events: readonly GantryEvent[]): EventEnvelope[] {
  for (const event of events) assertValidEvent(event);
  const envelopes = events.map((e) => envelopeOf(e.id, e.type, metadataOf(e), e.data));
  if (new Set(envelopes.map((e) => e.id)).size !== envelopes.length) {
    throw new EventStoreError('DUPLICATE_ID_IN_BATCH', 'a batch carries the same event id twice');
  }
  return envelopes;
}

export function parseTail(detail: string | undefined): StreamTail {
  const parsed: unknown = detail ? JSON.parse(detail) : null;
  if (parsed !== null && typeof parsed === 'object' && 'version' in parsed && 'hash' in parsed) {
    const { version, hash } = parsed;
    if (typeof version === 'number' && (hash === null || typeof hash === 'string')) return { version, hash };
  }
  throw new EventStoreError('APPEND_FAILED', 'the append function reported an unreadable stream tail');
}
