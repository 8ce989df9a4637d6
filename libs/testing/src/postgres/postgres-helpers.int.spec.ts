import { GantryEvent, INSTANCE_INGESTED, KeyRing, newEvent } from '@gantry/domain';
import { createEventStore } from '@gantry/platform';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Client } from 'pg';
import { createTestDatabase } from './create-test-database';
import { startEmbeddedEventStore } from './start-embedded-event-store';

const event = (): GantryEvent => {
  const key = randomBytes(16).toString('hex');
  return newEvent({
    type: INSTANCE_INGESTED,
    source: 'gantry/ingest',
    subject: key,
    data: { key, blobKey: `raw/${key.slice(0, 2)}/${key}.dcm`, sopClassUid: '1.2.840.10008.5.1.4.1.1.2', transferSyntaxUid: '1.2.840.10008.1.2.1', size: 1, sha256: 'a'.repeat(64), source: 'file' as const },
  });
};

describe('postgres test helpers', () => {
  it('creates a fresh database that holds an event store, and drops it', async () => {
    const db = await createTestDatabase();
    const store = await createEventStore({ url: db.url }, new KeyRing(randomBytes(32)));
    await store.append('instance-1', [event()]);
    await expect(store.readStream('instance-1')).resolves.toHaveLength(1);
    await store.close();
    await db.drop();
    const client = new Client({ connectionString: db.url });
    await expect(client.connect()).rejects.toThrow(/does not exist/);
  });

  it('fails, rather than skips, when the server is unreachable', async () => {
    await expect(createTestDatabase({ adminUrl: 'postgres://postgres:secret@127.0.0.1:1/test' })).rejects.toThrow(
      'PostgreSQL is required at postgres://postgres:***@127.0.0.1:1/test',
    );
  });

  it('starts an embedded event store in a temp directory and removes it on close', async () => {
    const embedded = await startEmbeddedEventStore();
    await embedded.store.append('instance-2', [event()], { expectedVersion: 'no_stream' });
    await expect(embedded.store.readStream('instance-2')).resolves.toHaveLength(1);
    await embedded.close();
    expect(existsSync(embedded.dataDir)).toBe(false);
  }, 120_000);
});
