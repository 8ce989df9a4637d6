import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { KeyRing } from '@gantry/domain';
import { ConfigModule } from '../config/config.module';
import { KeysModule } from '../keys/keys.module';
import { BlobStore } from './blob-store.port';
import { BlobsModule } from './blobs.module';
import { FsBlobStore } from './fs-blob-store';

describe('BlobsModule and KeysModule from configuration', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gantry-modules-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('provide the embedded blob store and the deployment key under the data directory', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot({ env: {}, overrides: { dataDir } }), BlobsModule.forRoot(), KeysModule.forRoot()],
    })
      .setLogger({ log: () => undefined, warn: () => undefined, error: () => undefined })
      .compile();
    const app = await moduleRef.init();
    const store = app.get(BlobStore);
    expect(store).toBeInstanceOf(FsBlobStore);
    expect((store as FsBlobStore).rootDir).toBe(join(dataDir, 'blobs'));
    await store.put('raw/ab/x.dcm', Buffer.from('x'));
    expect(app.get(KeyRing).fingerprint).toMatch(/^[0-9a-f]{16}$/);
    await app.close();
  });
});
