import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DicomBuilder, EXPORT_BLOCKED, INSTANCE_REDACTED, parseDicom, writeDicom } from '@gantry/domain';
import { BlobStore, EventStore, GantryConfig, loadConfig } from '@gantry/platform';
import { ActiveConfigService, EmbeddedPipeline, ImporterService, instanceHistory } from '@gantry/stages';
import { createTestEnvironment, TestEnvironment } from '@gantry/testing';

function ct(seed: string): Uint8Array {
  return new DicomBuilder({ seed })
    .patient({ name: 'TAMPERSON^WILHELMINA', id: 'TW5566001', birthDate: '19450609' })
    .study({ accession: 'ATW77812', description: 'CT head' })
    .series({ modality: 'CT' })
    .pixels({ rows: 32, columns: 32, bitsAllocated: 16 })
    .toBytes();
}

/**
 * The just-in-time check on the whole chain (real Postgres): objects are ingested,
 * inspected, remediated and redacted; then one stored object is altered behind the
 * pipeline's back (a name written into StudyDescription in the blob), and only then does
 * the exporter run. The altered object is blocked and nothing of it is written.
 */
describe('an object corrupted after remediation is blocked by the exporter', () => {
  let env: TestEnvironment;
  let config: GantryConfig;
  let dir: string;

  beforeAll(async () => {
    env = await createTestEnvironment();
    config = loadConfig(env.env);
    dir = await mkdtemp(join(tmpdir(), 'gantry-tamper-'));
    for (const i of [1, 2, 3]) await writeFile(join(dir, `in-${i}.dcm`), ct(`tamper-${i}`));
  }, 60_000);

  afterAll(async () => {
    await env?.cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('blocks the altered object, naming the reasons, and exports the others', async () => {
    const upstream = await EmbeddedPipeline.start(config, { stages: ['ingest', 'indexer', 'inspector', 'remediator', 'redactor'] });
    let target: { key: string; blobKey: string };
    try {
      await upstream.get(ActiveConfigService).set({ version: 1, export: { destinations: [{ name: 'out', kind: 'folder', path: join(dir, 'out') }] } });
      const summary = await upstream.get(ImporterService).importPaths([dir]);
      expect(summary.ingested).toBe(3);
      await upstream.whenIdle();
      const { events } = await upstream.app.get(EventStore).readAll({ types: [INSTANCE_REDACTED], limit: 100 });
      expect(events).toHaveLength(3);
      const first = events[0]!.event;
      if (first.type !== INSTANCE_REDACTED) throw new Error('unexpected event');
      target = { key: first.data.key, blobKey: first.data.blobKey };
      const blobs = upstream.app.get(BlobStore);
      const obj = parseDicom(await blobs.getBytes(target.blobKey));
      obj.dataset.set('StudyDescription', 'LO', 'CT head for Wilhelmina Tamperson');
      await blobs.put(target.blobKey, writeDicom(obj));
    } finally {
      await upstream.close();
    }

    const exporter = await EmbeddedPipeline.start(config, { stages: ['exporter'] });
    try {
      await exporter.whenIdle();
      const store = exporter.app.get(EventStore);
      const blocked = await instanceHistory(store, target.key);
      expect(blocked.blocked?.type).toBe(EXPORT_BLOCKED);
      expect(blocked.blocked?.data.reasons).toEqual(['INTEGRITY_MISMATCH', 'INSPECTOR_FINDINGS', 'KNOWN_VALUE_FOUND']);
      expect(blocked.blocked?.data.paths).toEqual(['(0008,1030)']);
      expect(blocked.exported).toEqual([]);
      const { events } = await store.readAll({ types: [INSTANCE_REDACTED], limit: 100 });
      const others = events.map((e) => e.event.subject).filter((k) => k !== target.key);
      for (const key of others) expect((await instanceHistory(store, key)).exported).toHaveLength(1);
      const written = await readdir(join(dir, 'out'), { recursive: true });
      expect(written.filter((f) => String(f).endsWith('.dcm'))).toHaveLength(2);
    } finally {
      await exporter.close();
    }
  }, 180_000);
});
