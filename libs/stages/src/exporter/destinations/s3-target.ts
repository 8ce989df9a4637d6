import { S3Destination } from '@gantry/domain';
import { S3BlobStore } from '@gantry/platform';
import { DestinationConfigError, DestinationUnavailableError } from './destination-errors';
import { ExportItem, ExportTarget, WriteResult } from './export-target';

/** The bucket client from the destination and the environment variables it names. */
function storeOptions(d: S3Destination, env: NodeJS.ProcessEnv): ConstructorParameters<typeof S3BlobStore>[0] {
  const accessKey = env[d.accessKeyEnv];
  const secretKey = env[d.secretKeyEnv];
  if (!accessKey || !secretKey) {
    throw new DestinationConfigError('DESTINATION_CREDENTIALS_MISSING', `export destination ${d.name}: ${d.accessKeyEnv} and ${d.secretKeyEnv} must be set`);
  }
  const url = new URL(d.endpoint);
  const useSSL = url.protocol === 'https:';
  const port = url.port ? Number(url.port) : useSSL ? 443 : 80;
  return { endPoint: url.hostname, port, useSSL, accessKey, secretKey, region: d.region, bucket: d.bucket };
}

/**
 * An S3 bucket export: each object at `<prefix>/<location>`. A put replaces the whole
 * object atomically, so a repeated put of the same bytes is harmless. The bucket is
 * created if it does not exist yet.
 */
export class S3Target implements ExportTarget {
  readonly kind = 's3' as const;
  readonly name: string;
  private store: Promise<S3BlobStore> | undefined;

  constructor(
    private readonly destination: S3Destination,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.name = destination.name;
  }

  async write(item: ExportItem): Promise<WriteResult> {
    const key = this.destination.prefix === '' ? item.location : `${this.destination.prefix}/${item.location}`;
    const store = await this.open();
    try {
      await store.put(key, item.bytes, { size: item.bytes.length });
    } catch (e) {
      throw new DestinationUnavailableError('S3_PUT_FAILED', `cannot put to export bucket ${this.name}`, { cause: e });
    }
    return { location: item.location };
  }

  async close(): Promise<void> {
    const store = this.store;
    this.store = undefined;
    await (await store?.catch(() => undefined))?.close();
  }

  /** Opened once; a failed open is forgotten so the next delivery tries again. */
  private open(): Promise<S3BlobStore> {
    this.store ??= Promise.resolve()
      .then(() => S3BlobStore.open(storeOptions(this.destination, this.env)))
      .catch((e: unknown) => {
        this.store = undefined;
        if (e instanceof DestinationConfigError) throw e;
        throw new DestinationUnavailableError('S3_UNREACHABLE', `cannot open export bucket ${this.name}`, { cause: e });
      });
    return this.store;
  }
}
