import { BlobStore } from './blob-store.port';

/** Readiness check of a blob store, shaped as the observability `HealthCheck`. */
export function blobStoreHealthCheck(store: BlobStore, name = 'blobs'): { name: string; check(): Promise<void> } {
  return { name, check: () => store.check() };
}
