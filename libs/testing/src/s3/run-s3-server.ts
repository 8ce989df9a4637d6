import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import S3rver from '@20minutes/s3rver';
import { answerEmptyObjectRange, answerHeadBucket, answerListMultipartUploads } from './s3rver-shims';

export interface S3ServerOptions {
  /** Directory that holds the buckets; kept after `close()`. */
  dir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1: a test server should not be reachable from the network. */
  host?: string;
  /** Buckets to create before serving. */
  buckets?: string[];
  /** Log each request to stdout (s3rver's own format). Default false. */
  verbose?: boolean;
}

export interface RunningS3Server {
  /** `http://host:port`, the shape GANTRY_S3_ENDPOINT expects. */
  endpoint: string;
  host: string;
  port: number;
  /** s3rver's only account. */
  accessKey: string;
  secretKey: string;
  close(): Promise<void>;
}

/** s3rver registers exactly this key pair. */
export const S3RVER_CREDENTIALS = { accessKey: 'S3RVER', secretKey: 'S3RVER' } as const;

/**
 * An in-process S3 server (s3rver on the filesystem) with three shims in front (see
 * s3rver-shims.ts): ListMultipartUploads, so minio-js multipart uploads work, HeadBucket
 * without a listing, so readiness probes stay cheap however many objects there are, and 416
 * for a Range read of an empty object, which s3rver would leave hanging. Usable standalone, e.g. by a dev-stack script:
 * `await runS3Server({ port: 9000, dir: '.gantry/s3' })`.
 */
export async function runS3Server(options: S3ServerOptions): Promise<RunningS3Server> {
  const host = options.host ?? '127.0.0.1';
  const s3rver = new S3rver({
    directory: options.dir,
    silent: options.verbose !== true,
    // Path-style only: a vhost lookup would misread "127.0.0.1" style hosts.
    vhostBuckets: false,
    configureBuckets: (options.buckets ?? []).map((name) => ({ name })),
  });
  // Koa prints unhandled request errors (such as a client hanging up) unless someone listens.
  s3rver.on('error', () => undefined);
  await s3rver.configureBuckets();
  const handle = s3rver.getMiddleware();
  const objectPathOf = (bucket: string, key: string): string => s3rver.store.getResourcePath(bucket, key, 'object');
  const bucketExists = async (bucket: string): Promise<boolean> => (await s3rver.store.getBucket(bucket).catch(() => null)) !== null;
  const server = createServer((req, res) => {
    void (async () => {
      if (answerListMultipartUploads(req, res) || (await answerHeadBucket(req, res, bucketExists)) || (await answerEmptyObjectRange(req, res, objectPathOf))) return;
      await handle(req, res);
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    host,
    port,
    ...S3RVER_CREDENTIALS,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
