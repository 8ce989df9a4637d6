import { EventStoreError } from '../errors';
import { Checkpoint } from '../event-store.port';
import { toBigInt } from './event-rows';
import { qualified } from './schema-name';
import { SqlClient } from './sql-client';

const loadSql = (schema: string): string =>
  `SELECT transaction_id, global_position FROM ${qualified(schema, 'checkpoints')} WHERE name = $1`;

/** A plain upsert: moving a checkpoint backwards is how a projection is replayed. */
const storeSql = (schema: string): string =>
  `INSERT INTO ${qualified(schema, 'checkpoints')} AS c (name, transaction_id, global_position, updated_at)
   VALUES ($1, $2::xid8, $3::bigint, now())
   ON CONFLICT (name) DO UPDATE
     SET transaction_id = EXCLUDED.transaction_id, global_position = EXCLUDED.global_position, updated_at = now()`;

interface CheckpointRow {
  transaction_id: string;
  global_position: string;
}

const MAX_UINT64 = 0xffff_ffff_ffff_ffffn;
const MAX_INT64 = 0x7fff_ffff_ffff_ffffn;

/** Named read-all positions of subscribers and projections. */
export class CheckpointStore {
  private readonly loadSql: string;
  private readonly storeSql: string;

  constructor(
    private readonly db: SqlClient,
    schema: string,
  ) {
    this.loadSql = loadSql(schema);
    this.storeSql = storeSql(schema);
  }

  async load(name: string): Promise<Checkpoint | null> {
    const row = (await this.db.query<CheckpointRow>(this.loadSql, [name]))[0];
    return row ? { transactionId: toBigInt(row.transaction_id), globalPosition: toBigInt(row.global_position) } : null;
  }

  async store(name: string, checkpoint: Checkpoint): Promise<void> {
    const { transactionId, globalPosition } = checkpoint;
    if (transactionId < 0n || transactionId > MAX_UINT64 || globalPosition < 0n || globalPosition > MAX_INT64) {
      throw new EventStoreError('INVALID_CHECKPOINT', 'checkpoint positions are out of range');
    }
    await this.db.query(this.storeSql, [name, String(transactionId), String(globalPosition)]);
  }
}
