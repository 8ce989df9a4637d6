import { EnvelopeMetadata } from '@gantry/domain';
import { ChainRow, ChainVerifier } from '../chain/chain-verifier';
import { EventChain } from '../chain/event-chain';
import { ChainBreak } from '../event-store.port';
import { envelopeOf, toBigInt } from './event-rows';
import { qualified } from './schema-name';
import { SqlClient } from './sql-client';

/** Keyset pages over the (stream_id, stream_position) unique index: memory stays flat. */
const pageSql = (schema: string, oneStream: boolean): string =>
  `SELECT e.stream_id, e.stream_position, e.global_position, e.event_id, e.type, e.data, e.metadata, e.hash,
          s.version AS head_version, s.last_hash AS head_hash
     FROM ${qualified(schema, 'events')} e LEFT JOIN ${qualified(schema, 'streams')} s ON s.stream_id = e.stream_id
    WHERE (e.stream_id, e.stream_position) > ($1, $2) ${oneStream ? 'AND e.stream_id = $4' : ''}
    ORDER BY e.stream_id, e.stream_position LIMIT $3`;

/** Streams whose head is recorded but whose every event is gone. */
const emptyStreamsSql = (schema: string, oneStream: boolean): string =>
  `SELECT s.stream_id FROM ${qualified(schema, 'streams')} s
    WHERE ${oneStream ? 's.stream_id = $1 AND' : ''}
          NOT EXISTS (SELECT 1 FROM ${qualified(schema, 'events')} e WHERE e.stream_id = s.stream_id)
    ORDER BY s.stream_id`;

interface ChainRowRaw {
  stream_id: string;
  stream_position: number;
  global_position: string;
  event_id: string;
  type: string;
  data: unknown;
  metadata: EnvelopeMetadata;
  hash: string;
  head_version: number | null;
  head_hash: string | null;
}

const PAGE_SIZE = 1_000;

/** Recomputes every chain (or one stream's) from the stored rows. */
export async function verifyChains(db: SqlClient, schema: string, chain: EventChain, streamId?: string): Promise<ChainBreak[]> {
  const verifier = new ChainVerifier(chain);
  const oneStream = streamId !== undefined;
  const sql = pageSql(schema, oneStream);
  let key: [string, number] = ['', 0];
  for (;;) {
    const params = [...key, PAGE_SIZE, ...(oneStream ? [streamId] : [])];
    const rows = await db.query<ChainRowRaw>(sql, params);
    for (const row of rows) verifier.push(toChainRow(row));
    const last = rows[rows.length - 1];
    if (!last || rows.length < PAGE_SIZE) break;
    key = [last.stream_id, last.stream_position];
  }
  const empty = await db.query<{ stream_id: string }>(emptyStreamsSql(schema, oneStream), oneStream ? [streamId] : []);
  for (const row of empty) verifier.pushEmptyStream(row.stream_id);
  return verifier.finish();
}

function toChainRow(row: ChainRowRaw): ChainRow {
  return {
    streamId: row.stream_id,
    streamPosition: row.stream_position,
    globalPosition: toBigInt(row.global_position),
    envelope: envelopeOf(row.event_id, row.type, row.metadata, row.data),
    hash: row.hash,
    head: row.head_version === null ? null : { version: row.head_version, hash: row.head_hash },
  };
}
