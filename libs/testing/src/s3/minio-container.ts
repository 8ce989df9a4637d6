import { GenericContainer, Wait } from 'testcontainers';

/**
 * Pinned so every developer and CI run tests against the same server; from quay.io because
 * MinIO stopped publishing to Docker Hub. GANTRY_TEST_MINIO_IMAGE overrides it (e.g. a mirror).
 */
export const MINIO_IMAGE = 'quay.io/minio/minio:RELEASE.2025-04-22T22-12-26Z';

export interface MinioContainer {
  endpoint: string;
  host: string;
  port: number;
  accessKey: string;
  secretKey: string;
  stop(): Promise<void>;
}

/** A throwaway MinIO server in Docker (only called once a Docker engine has answered). */
export async function startMinioContainer(): Promise<MinioContainer> {
  const accessKey = 'gantry-test';
  const secretKey = 'gantry-test-secret';
  const container = await new GenericContainer(process.env['GANTRY_TEST_MINIO_IMAGE'] || MINIO_IMAGE)
    .withCommand(['server', '/data'])
    .withEnvironment({ MINIO_ROOT_USER: accessKey, MINIO_ROOT_PASSWORD: secretKey })
    .withExposedPorts(9000)
    .withWaitStrategy(Wait.forHttp('/minio/health/live', 9000))
    .withStartupTimeout(120_000)
    .start();
  const host = container.getHost();
  const port = container.getMappedPort(9000);
  return {
    endpoint: `http://${host}:${port}`,
    host,
    port,
    accessKey,
    secretKey,
    stop: async () => {
      await container.stop();
    },
  };
}
