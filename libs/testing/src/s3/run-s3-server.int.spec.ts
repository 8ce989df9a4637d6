import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import S3rver from '@20minutes/s3rver';
import { Client } from 'minio';
import { RunningS3Server, runS3Server } from './run-s3-server';

const MiB = 1024 * 1024;

describe('runS3Server (s3rver + ListMultipartUploads shim)', () => {
  let dir: string;
  let server: RunningS3Server;
  let client: Client;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gantry-s3rver-'));
    server = await runS3Server({ dir, buckets: ['preset'] });
    client = new Client({
      endPoint: server.host,
      port: server.port,
      useSSL: false,
      accessKey: server.accessKey,
      secretKey: server.secretKey,
      region: 'us-east-1',
      partSize: 5 * MiB,
    });
  });

  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves on a free loopback port with the buckets asked for', async () => {
    expect(server.endpoint).toBe(`http://127.0.0.1:${server.port}`);
    expect(await client.bucketExists('preset')).toBe(true);
    expect(await client.bucketExists('absent')).toBe(false);
  });

  it('answers ListMultipartUploads with an empty, valid listing', async () => {
    const uploads = await client.listIncompleteUploadsQuery('preset', 'some/key', '', '', '');
    expect(uploads).toMatchObject({ uploads: [], isTruncated: false });
  });

  it('completes a multipart upload made by minio putObject', async () => {
    const body = randomBytes(12 * MiB + 123);
    const chunks = Array.from({ length: Math.ceil(body.length / (64 * 1024)) }, (_, i) =>
      body.subarray(i * 64 * 1024, (i + 1) * 64 * 1024),
    );
    // No size given: minio-js goes multipart (three 5 MiB parts), calling ListMultipartUploads first.
    await client.putObject('preset', 'multi/part.bin', Readable.from(chunks));

    expect((await client.statObject('preset', 'multi/part.bin')).size).toBe(body.length);
    const hash = createHash('sha256');
    for await (const chunk of await client.getObject('preset', 'multi/part.bin')) hash.update(chunk as Buffer);
    expect(hash.digest('hex')).toBe(createHash('sha256').update(body).digest('hex'));
    // s3rver removes an upload's parts once it is completed.
    expect(await readdir(join(dir, 'preset')).catch(() => [])).not.toContain('uploads');
  });
});

describe('s3rver without the shim', () => {
  it('still refuses ListMultipartUploads (the reason for the shim)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gantry-s3rver-raw-'));
    const s3rver = new S3rver({ directory: dir, silent: true, vhostBuckets: false, configureBuckets: [{ name: 'raw' }] });
    s3rver.on('error', () => undefined);
    await s3rver.configureBuckets();
    const handle = s3rver.getMiddleware();
    const server = createServer((req, res) => void handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const client = new Client({ endPoint: '127.0.0.1', port, useSSL: false, accessKey: 'S3RVER', secretKey: 'S3RVER', region: 'us-east-1' });
      await expect(client.listIncompleteUploadsQuery('raw', '', '', '', '')).rejects.toMatchObject({ code: 'NotImplemented' });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await rm(dir, { recursive: true, force: true });
    }
  });
});
