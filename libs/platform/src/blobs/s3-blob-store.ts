import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Readable } from 'node:stream';
import { BucketItem, Client } from 'minio';
import { S3BlobsConfig } from '../config/config.types';
import { BlobInfo, BlobNotFoundError, BlobStore } from './blob-store.port';
import { BlobStoreError } from './blob-store-error';
import { assertBlobKey, assertBlobPrefix, assertRangeLength } from './blob-key';
import { prepareUploadBody } from './s3-upload-body';
import { readAll, readUpTo } from './stream-bytes';

export interface S3BlobStoreOptions extends Omit<S3BlobsConfig, 'kind'> {
  /**
   * Multipart part size in bytes (minimum 5 MiB). Memory per upload is about three parts,
   * whatever the object size; the largest object is 10,000 parts. Default 16 MiB (156 GiB).
   */
  partSize?: number;
  /** Sockets kept per store. */
  maxSockets?: number;
}

export const DEFAULT_S3_PART_SIZE = 16 * 1024 * 1024;

const NOT_FOUND_CODES = new Set(['NoSuchKey', 'NotFound']);

/**
 * Blobs in one S3 bucket through the minio client. Puts stream: small bodies go in one
 * PUT, larger ones as a multipart upload holding only a few parts in memory.
 *
 * Incomplete multipart uploads (a failed put) are left for a bucket lifecycle rule
 * (AbortIncompleteMultipartUpload), because minio-js resumes the newest incomplete upload of
 * a key and aborting "the" upload of a key could cut off a concurrent writer's.
 */
export class S3BlobStore extends BlobStore {
  readonly bucket: string;
  private readonly client: Client;
  private readonly agent: HttpAgent;
  private readonly partSize: number;

  constructor(private readonly options: S3BlobStoreOptions) {
    super();
    this.bucket = options.bucket;
    this.partSize = options.partSize ?? DEFAULT_S3_PART_SIZE;
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 32 };
    this.agent = options.useSSL ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
    this.client = new Client({
      endPoint: options.endPoint,
      port: options.port,
      useSSL: options.useSSL,
      accessKey: options.accessKey,
      secretKey: options.secretKey,
      // A fixed region saves minio-js a GetBucketLocation round trip per bucket.
      region: options.region,
      partSize: this.partSize,
      transportAgent: this.agent,
    });
  }

  /** A store whose bucket exists (created if missing). */
  static async open(options: S3BlobStoreOptions): Promise<S3BlobStore> {
    const store = new S3BlobStore(options);
    try {
      await store.ensureBucket();
      return store;
    } catch (e) {
      await store.close();
      throw e;
    }
  }

  async ensureBucket(): Promise<void> {
    try {
      if (await this.client.bucketExists(this.bucket)) return;
      await this.client.makeBucket(this.bucket, this.options.region);
    } catch (e) {
      // Another replica may have created it between the two calls (S3 answers
      // BucketAlreadyOwnedByYou, some servers BucketAlreadyExists): usable is what counts.
      if (codeOf(e) === 'BucketAlreadyOwnedByYou') return;
      if (await this.client.bucketExists(this.bucket).catch(() => false)) return;
      throw new BlobStoreError('BLOB_BUCKET_CREATE', `cannot create bucket ${this.bucket}`, { cause: e });
    }
  }

  async put(key: string, body: Readable | Uint8Array, options: { size?: number } = {}): Promise<BlobInfo> {
    assertBlobKey(key);
    try {
      const upload = await prepareUploadBody(body, this.partSize);
      if (upload.kind === 'buffer') {
        checkSize(key, upload.bytes.length, options.size);
        await this.client.putObject(this.bucket, key, upload.bytes);
        return { key, size: upload.bytes.length };
      }
      await this.client.putObject(this.bucket, key, upload.stream);
      const size = upload.size();
      if (options.size !== undefined && options.size !== size) {
        // The multipart upload has landed with the wrong length: it must not stay readable.
        await this.client.removeObject(this.bucket, key);
        checkSize(key, size, options.size);
      }
      return { key, size };
    } catch (e) {
      throw mapError(e, 'put', key);
    }
  }

  async get(key: string): Promise<Readable> {
    assertBlobKey(key);
    try {
      return await this.client.getObject(this.bucket, key);
    } catch (e) {
      throw mapError(e, 'read', key);
    }
  }

  async getBytes(key: string): Promise<Uint8Array> {
    const stream = await this.get(key);
    try {
      return await readAll(stream);
    } catch (e) {
      throw mapError(e, 'read', key);
    }
  }

  async getRange(key: string, length: number): Promise<Uint8Array> {
    assertBlobKey(key);
    assertRangeLength(length);
    // A zero length would read as "to the end" in minio-js.
    if (length === 0) {
      if ((await this.stat(key)) === null) throw new BlobNotFoundError(key);
      return new Uint8Array(0);
    }
    try {
      return await readUpTo(await this.client.getPartialObject(this.bucket, key, 0, length), length);
    } catch (e) {
      // An empty object has no satisfiable range.
      if (codeOf(e) === 'InvalidRange' && (await this.stat(key))?.size === 0) return new Uint8Array(0);
      throw mapError(e, 'read', key);
    }
  }

  async stat(key: string): Promise<BlobInfo | null> {
    assertBlobKey(key);
    try {
      const s = await this.client.statObject(this.bucket, key);
      return { key, size: s.size };
    } catch (e) {
      const mapped = mapError(e, 'stat', key);
      if (mapped instanceof BlobNotFoundError) return null;
      throw mapped;
    }
  }

  /** Deleting a missing key is not an error (S3 semantics). */
  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    try {
      await this.client.removeObject(this.bucket, key);
    } catch (e) {
      const mapped = mapError(e, 'delete', key);
      if (!(mapped instanceof BlobNotFoundError)) throw mapped;
    }
  }

  async *list(prefix: string): AsyncIterable<BlobInfo> {
    assertBlobPrefix(prefix);
    const items = this.client.listObjectsV2(this.bucket, prefix, true) as unknown as AsyncIterable<BucketItem>;
    try {
      for await (const item of items) {
        if (item.name !== undefined) yield { key: item.name, size: item.size };
      }
    } catch (e) {
      throw mapError(e, 'list', prefix);
    }
  }

  async check(): Promise<void> {
    let exists: boolean;
    try {
      exists = await this.client.bucketExists(this.bucket);
    } catch (e) {
      throw new BlobStoreError('BLOB_STORE_UNAVAILABLE', `object store unreachable (bucket ${this.bucket})`, { cause: e });
    }
    if (!exists) throw new BlobStoreError('BLOB_BUCKET_MISSING', `bucket ${this.bucket} does not exist`);
  }

  async close(): Promise<void> {
    this.agent.destroy();
  }
}

function checkSize(key: string, actual: number, announced: number | undefined): void {
  if (announced !== undefined && announced !== actual) {
    throw new BlobStoreError('BLOB_SIZE_MISMATCH', `blob body was ${actual} bytes, ${announced} announced: ${key}`);
  }
}

function codeOf(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function mapError(e: unknown, op: string, key: string): Error {
  if (e instanceof BlobNotFoundError || e instanceof BlobStoreError) return e;
  const code = codeOf(e);
  if (code !== undefined && NOT_FOUND_CODES.has(code)) return new BlobNotFoundError(key);
  if (code === 'NoSuchBucket') return new BlobStoreError('BLOB_BUCKET_MISSING', `bucket missing during ${op}: ${key}`, { cause: e });
  return new BlobStoreError('BLOB_IO', `blob ${op} failed: ${key}`, { cause: e });
}
