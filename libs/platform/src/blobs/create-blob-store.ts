import { BlobsConfig } from '../config/config.types';
import { BlobStore } from './blob-store.port';
import { FsBlobStore } from './fs-blob-store';
import { S3BlobStore } from './s3-blob-store';

/** The store the configuration names, ready to use (an S3 bucket is created if missing). */
export async function createBlobStore(config: BlobsConfig): Promise<BlobStore> {
  switch (config.kind) {
    case 'fs': {
      const store = new FsBlobStore(config.dir);
      await store.check();
      return store;
    }
    case 's3': {
      const { kind: _kind, ...options } = config;
      return S3BlobStore.open(options);
    }
  }
}
