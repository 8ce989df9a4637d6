// Minimal typings for the parts of @20minutes/s3rver (which ships none) that we use.
declare module '@20minutes/s3rver' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  interface S3rverOptions {
    directory?: string;
    silent?: boolean;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    vhostBuckets?: boolean;
    configureBuckets?: { name: string }[];
  }

  class S3rver {
    constructor(options?: S3rverOptions);
    /** Creates the buckets named in `configureBuckets`. */
    configureBuckets(): Promise<void>;
    /** The Koa request handler, for mounting on our own HTTP server. */
    getMiddleware(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    on(event: 'error', listener: (err: Error) => void): this;
    readonly store: {
      getResourcePath(bucket: string, key: string, resource: 'object'): string;
      /** null when the bucket does not exist (a stat of its directory). */
      getBucket(bucket: string): Promise<object | null>;
    };
  }

  export = S3rver;
}
