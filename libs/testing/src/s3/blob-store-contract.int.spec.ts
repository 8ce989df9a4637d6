import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsBlobStore, S3BlobStore } from '@gantry/platform';
import { describeBlobStoreContract } from './blob-store-contract';
import { startS3 } from './start-s3';

// Set GANTRY_TEST_REPORT=1 to print the measured RSS growth of the large uploads.
const report = (store: string) => (growth: number, size: number): void => {
  if (process.env['GANTRY_TEST_REPORT']) {
    process.stdout.write(`${store}: ${(size / 2 ** 20).toFixed(0)} MiB upload, peak RSS growth ${(growth / 2 ** 20).toFixed(1)} MiB\n`);
  }
};

describeBlobStoreContract(
  'FsBlobStore',
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gantry-blobs-'));
    const store = new FsBlobStore(dir);
    return { store, teardown: () => rm(dir, { recursive: true, force: true }) };
  },
  { onRssMeasured: report('FsBlobStore') },
);

describeBlobStoreContract(
  'S3BlobStore',
  async () => {
    const s3 = await startS3();
    const store = await S3BlobStore.open({
      endPoint: s3.host,
      port: s3.port,
      useSSL: s3.useSSL,
      accessKey: s3.accessKey,
      secretKey: s3.secretKey,
      region: s3.region,
      bucket: s3.bucket ?? `contract-${randomUUID().slice(0, 8)}`,
    });
    return {
      store,
      teardown: async () => {
        await store.close();
        await s3.stop();
      },
    };
  },
  { onRssMeasured: report('S3BlobStore') },
);
