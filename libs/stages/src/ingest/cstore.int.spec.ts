import { TestEnvironment, createTestEnvironment, ctInstance } from '@gantry/testing';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseDicom } from '@gantry/domain';
import { BlobStore, EventStore, loadConfig } from '@gantry/platform';
import { EmbeddedPipeline } from '../runtime';
import { StatusService } from '../status';
import { ScpService } from './scp.service';

const run = promisify(execFile);
const STORESCU = '/usr/bin/storescu';

describe('C-STORE SCP with DCMTK storescu (real Postgres)', () => {
  let env: TestEnvironment;
  let pipeline: EmbeddedPipeline;
  let port: number;
  let dir: string;

  beforeAll(async () => {
    env = await createTestEnvironment();
    const config = loadConfig({ ...env.env, GANTRY_SCP_PORT: '0', GANTRY_AE_TITLE: 'GANTRYTEST' });
    pipeline = await EmbeddedPipeline.start(config, { stages: ['ingest', 'indexer'], scp: true });
    port = pipeline.get(ScpService).port!;
    dir = await mkdtemp(join(tmpdir(), 'cstore-'));
  }, 120_000);

  afterAll(async () => {
    await pipeline?.close();
    await env?.cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lands each stored instance as ingested, byte for byte, and indexes it', async () => {
    const files = ['scu-1', 'scu-2', 'scu-3'].map((seed) => ({ seed, bytes: ctInstance(seed) }));
    for (const f of files) await writeFile(join(dir, `${f.seed}.dcm`), f.bytes);
    // Propose explicit VR LE (-xe) so the received dataset is byte-identical to the file's.
    const { stderr } = await run(STORESCU, ['-xe', '-aec', 'GANTRYTEST', '127.0.0.1', String(port), ...files.map((f) => join(dir, `${f.seed}.dcm`))], { timeout: 20_000 });
    expect(stderr).not.toMatch(/E:/);
    await pipeline.whenIdle();
    const status = await pipeline.get(StatusService).status();
    expect(status.inputs).toMatchObject({ ingested: 3, rejected: 0 });
    expect(status.stages['indexer']).toMatchObject({ indexed: 3 });

    const events = (await pipeline.get(EventStore).readAll({ limit: 100 })).events.filter((e) => e.event.type === 'gantry.instance.ingested.v1');
    expect(events.every((e) => e.event.type === 'gantry.instance.ingested.v1' && e.event.data.source === 'cstore')).toBe(true);
    const blobs = pipeline.get(BlobStore);
    for (const e of events) {
      if (e.event.type !== 'gantry.instance.ingested.v1') continue;
      const stored = parseDicom(await blobs.getBytes(e.event.data.blobKey));
      const original = files.map((f) => parseDicom(f.bytes)).find((o) => o.dataset.string('SOPInstanceUID') === stored.dataset.string('SOPInstanceUID'));
      expect(original).toBeDefined();
      expect(stored.meta.string('SourceApplicationEntityTitle')).toBe('STORESCU');
      expect(Buffer.from(stored.dataset.bytes('PixelData')!)).toEqual(Buffer.from(original!.dataset.bytes('PixelData')!));
    }
  });

  it('refuses an association to another called AE title', async () => {
    await writeFile(join(dir, 'x.dcm'), ctInstance('scu-x'));
    await expect(run(STORESCU, ['-aec', 'NOTGANTRY', '127.0.0.1', String(port), join(dir, 'x.dcm')], { timeout: 20_000 })).rejects.toMatchObject({
      stderr: expect.stringMatching(/Called AE Title Not Recognized|rejected/i),
    });
  });

  it('answers an instance it must refuse with a failure status and records the rejection', async () => {
    // storescu sends what DCMTK accepts; a SOP Instance UID with a leading-zero component
    // (PS3.5 §9.1 forbids it) is accepted by DCMTK but refused by ingest with a reason.
    const bytes = ctInstance('scu-bad', { instanceUid: '1.2.03.4' });
    await writeFile(join(dir, 'bad.dcm'), bytes);
    const before = (await pipeline.get(StatusService).status()).inputs.rejected;
    const result = await run(STORESCU, ['-v', '-xe', '-aec', 'GANTRYTEST', '127.0.0.1', String(port), join(dir, 'bad.dcm')], { timeout: 20_000 }).catch(
      (e: { stderr: string }) => e,
    );
    expect(result.stderr).toMatch(/Received Store Response \(Error: CannotUnderstand\)/);
    await pipeline.whenIdle();
    const after = await pipeline.get(StatusService).status();
    expect(after.inputs.rejected).toBe(before + 1);
    expect(after.rejections['INVALID_UID']).toBe(1);
  }, 30_000);
});
