import { Client } from 'minio';
import { startS3 } from './start-s3';

describe('startS3', () => {
  it('resolves a working S3 endpoint and stops it', async () => {
    const s3 = await startS3();
    try {
      if (process.env['GANTRY_TEST_S3_ENDPOINT']) expect(s3.source).toBe('env');
      expect(['env', 'testcontainers', 's3rver']).toContain(s3.source);
      const client = new Client({ endPoint: s3.host, port: s3.port, useSSL: s3.useSSL, accessKey: s3.accessKey, secretKey: s3.secretKey, region: s3.region });
      const bucket = s3.bucket ?? 'start-s3-check';
      if (!(await client.bucketExists(bucket))) await client.makeBucket(bucket, s3.region);
      await client.putObject(bucket, 'probe.txt', Buffer.from('ok'));
      expect((await client.statObject(bucket, 'probe.txt')).size).toBe(2);
      await client.removeObject(bucket, 'probe.txt');
      expect(s3.env(bucket)['GANTRY_S3_ENDPOINT']).toBe(s3.endpoint);
    } finally {
      await s3.stop();
    }
    if (s3.source === 's3rver') {
      const client = new Client({ endPoint: s3.host, port: s3.port, useSSL: false, accessKey: s3.accessKey, secretKey: s3.secretKey, region: s3.region });
      await expect(client.bucketExists('start-s3-check')).rejects.toBeDefined();
    }
  });
});
