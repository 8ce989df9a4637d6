import { s3FromEnv, TestS3Error } from './start-s3';

describe('s3FromEnv', () => {
  it('is unset without GANTRY_TEST_S3_ENDPOINT', () => {
    expect(s3FromEnv({})).toBeUndefined();
  });

  it('describes a server given by the environment', async () => {
    const s3 = s3FromEnv({
      GANTRY_TEST_S3_ENDPOINT: 'https://minio.test:9443',
      GANTRY_TEST_S3_ACCESS_KEY: 'ak',
      GANTRY_TEST_S3_SECRET_KEY: 'sk',
      GANTRY_TEST_S3_BUCKET: 'ci-bucket',
    });
    expect(s3).toMatchObject({
      endpoint: 'https://minio.test:9443',
      host: 'minio.test',
      port: 9443,
      useSSL: true,
      accessKey: 'ak',
      secretKey: 'sk',
      region: 'us-east-1',
      bucket: 'ci-bucket',
      source: 'env',
    });
    expect(s3?.env('b1')).toEqual({
      GANTRY_S3_ENDPOINT: 'https://minio.test:9443',
      GANTRY_S3_ACCESS_KEY: 'ak',
      GANTRY_S3_SECRET_KEY: 'sk',
      GANTRY_S3_REGION: 'us-east-1',
      GANTRY_S3_BUCKET: 'b1',
    });
    await expect(s3?.stop()).resolves.toBeUndefined();
  });

  it('refuses an endpoint without keys rather than silently using another server', () => {
    expect(() => s3FromEnv({ GANTRY_TEST_S3_ENDPOINT: 'http://minio:9000' })).toThrow(TestS3Error);
  });
});
