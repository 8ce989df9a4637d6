import { TestEnvironment, createTestEnvironment, ctInstance } from '@gantry/testing';
import { loadConfig, SQL, Sql } from '@gantry/platform';
import { IngestService } from '../ingest';
import { EmbeddedPipeline } from '../runtime';
import { CatalogService } from './catalog.service';
import { CATALOG_TABLES } from './catalog.schema';

async function snapshot(sql: Sql): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of CATALOG_TABLES) out[table] = await sql.query(`select * from ${table} order by 1`);
  return out;
}

describe('catalog read model (real Postgres)', () => {
  let env: TestEnvironment;
  let pipeline: EmbeddedPipeline;

  beforeAll(async () => {
    env = await createTestEnvironment();
    pipeline = await EmbeddedPipeline.start(loadConfig(env.env), { stages: ['ingest', 'indexer'] });
  }, 120_000);

  afterAll(async () => {
    await pipeline?.close();
    await env?.cleanup();
  });

  it('is rebuilt identically by dropping it and replaying the store', async () => {
    const ingest = pipeline.get(IngestService);
    // Two devices, two studies, and one instance ingested twice (a duplicate must not change the catalog).
    for (let i = 0; i < 12; i++) {
      const bytes = ctInstance(`replay-${i}`, { serial: i % 2 ? 'SN-A' : 'SN-B', studyUid: i % 3 ? '2.25.71' : '2.25.72', number: i + 1 });
      await ingest.ingest(bytes, { source: 'file' });
    }
    await ingest.ingest(ctInstance('replay-0', { serial: 'SN-B', studyUid: '2.25.72', number: 1 }), { source: 'file' });
    await pipeline.whenIdle();

    const sql = pipeline.get<Sql>(SQL);
    const before = await snapshot(sql);
    expect(before['catalog_instances']).toHaveLength(12);
    expect(before['catalog_devices']).toHaveLength(2);
    expect(before['catalog_studies']).toHaveLength(2);

    for (const table of CATALOG_TABLES) await sql.query(`delete from ${table}`);
    expect(await sql.query('select * from catalog_instances')).toHaveLength(0);

    const replayed = await pipeline.get(CatalogService).rebuild();
    expect(replayed).toBe(12);
    expect(await snapshot(sql)).toEqual(before);
  });

  it('answers the inventory with counts per device', async () => {
    const devices = await pipeline.get(CatalogService).inventory();
    expect(devices.map((d) => [d.serial, d.instances, d.studies]).sort()).toEqual([
      ['SN-A', 6, 2],
      ['SN-B', 6, 2],
    ]);
  });
});
