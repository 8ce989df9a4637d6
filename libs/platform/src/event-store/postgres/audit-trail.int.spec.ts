import { Client } from 'pg';
import { ingestedEvent, streamName } from '../test-support/test-events';
import { openStore, StoreTarget, TARGETS } from '../test-support/store-targets';
import { PostgresEventStore } from './postgres-event-store';
import { SQL_STATE } from './sql-states';

describe.each(TARGETS)('the event store as audit trail on %s', (_name, makeTarget) => {
  let target: StoreTarget;
  let store: PostgresEventStore;
  let raw: Client;
  let events: string;

  beforeAll(async () => {
    target = await makeTarget();
  }, 120_000);
  afterAll(() => target?.close());
  beforeEach(async () => {
    store = await openStore(target);
    raw = await target.client();
    events = `"${store.schema}".events`;
  });
  afterEach(async () => {
    await raw?.end();
    await store?.close();
  });

  /** What an attacker with superuser rights could do: switch the trigger off, then tamper. */
  async function tamper(sql: string, params: unknown[]): Promise<void> {
    await raw.query('BEGIN');
    await raw.query(`ALTER TABLE ${events} DISABLE TRIGGER events_append_only`);
    await raw.query(sql, params);
    await raw.query(`ALTER TABLE ${events} ENABLE TRIGGER events_append_only`);
    await raw.query('COMMIT');
  }

  it.each([
    ['UPDATE', (t: string) => `UPDATE ${t} SET type = type`],
    ['DELETE', (t: string) => `DELETE FROM ${t}`],
    ['TRUNCATE', (t: string) => `TRUNCATE ${t}`],
  ])('refuses %s on events', async (op, sql) => {
    const stream = streamName();
    await store.append(stream, [ingestedEvent()]);
    await expect(raw.query(sql(events))).rejects.toMatchObject({
      code: SQL_STATE.APPEND_ONLY,
      message: expect.stringContaining(`events are append-only: ${op} refused`),
    });
    expect(await store.readStream(stream)).toHaveLength(1);
  });

  it('verifies untouched chains', async () => {
    for (let i = 0; i < 3; i += 1) await store.append(streamName(), [ingestedEvent(), ingestedEvent()]);
    await expect(store.verifyChains()).resolves.toEqual([]);
  });

  it('names the stream and position of a row edited directly in the database', async () => {
    const victim = streamName();
    const bystander = streamName();
    await store.append(victim, [ingestedEvent(), ingestedEvent(), ingestedEvent()]);
    await store.append(bystander, [ingestedEvent()]);
    const row = (await store.readStream(victim))[1]!;

    await tamper(`UPDATE ${events} SET data = jsonb_set(data, '{size}', '999') WHERE stream_id = $1 AND stream_position = 2`, [victim]);

    await expect(store.verifyChains()).resolves.toEqual([
      { streamId: victim, streamPosition: 2, globalPosition: row.globalPosition, reason: 'hash_mismatch' },
    ]);
    await expect(store.verifyChains({ streamId: bystander })).resolves.toEqual([]);
  });

  it('detects a hash recomputed without the key, a removed middle event, a removed tail and a removed stream', async () => {
    const [forged, gap, truncated, vanished] = [streamName('a'), streamName('b'), streamName('c'), streamName('d')];
    for (const stream of [forged, gap, truncated, vanished]) await store.append(stream, [ingestedEvent(), ingestedEvent(), ingestedEvent()]);
    const truncatedRows = await store.readStream(truncated);

    await tamper(`UPDATE ${events} SET hash = encode(sha256(hash::bytea), 'hex') WHERE stream_id = $1 AND stream_position = 3`, [forged]);
    await tamper(`DELETE FROM ${events} WHERE stream_id = $1 AND stream_position = 2`, [gap]);
    await tamper(`DELETE FROM ${events} WHERE stream_id = $1 AND stream_position = 3`, [truncated]);
    await tamper(`DELETE FROM ${events} WHERE stream_id = $1`, [vanished]);

    const breaks = await store.verifyChains();
    expect(breaks.map(({ streamId, streamPosition, reason }) => ({ streamId, streamPosition, reason }))).toEqual(
      expect.arrayContaining([
        { streamId: forged, streamPosition: 3, reason: 'hash_mismatch' },
        { streamId: gap, streamPosition: 2, reason: 'gap' },
        { streamId: truncated, streamPosition: 3, reason: 'truncated' },
        { streamId: vanished, streamPosition: 1, reason: 'truncated' },
      ]),
    );
    expect(breaks).toHaveLength(4);
    expect(breaks.find((b) => b.streamId === truncated)?.globalPosition).toBe(truncatedRows[1]!.globalPosition);
  });

  it('detects a chain verified under another key', async () => {
    const stream = streamName();
    await store.append(stream, [ingestedEvent()]);
    const impostor = await openStore(target, { schema: store.schema });
    try {
      await expect(impostor.verifyChains()).resolves.toEqual([expect.objectContaining({ streamId: stream, streamPosition: 1 })]);
    } finally {
      await impostor.close();
    }
  });
});
