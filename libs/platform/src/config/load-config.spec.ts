import { ConfigError } from './config-error';
import { loadConfig } from './load-config';

const cwd = '/srv/gantry';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env, { cwd });
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('defaults to a fully embedded deployment under ./.gantry', () => {
    expect(loadConfig({}, { cwd })).toEqual({
      dataDir: '/srv/gantry/.gantry',
      database: { kind: 'embedded', dir: '/srv/gantry/.gantry/pg' },
      bus: { kind: 'in-process' },
      blobs: { kind: 'fs', dir: '/srv/gantry/.gantry/blobs' },
      keyFile: '/srv/gantry/.gantry/key',
      http: { port: 0, host: '127.0.0.1' },
      log: { level: 'info', stdout: true },
      delivery: { concurrency: 8, maxDeliver: 5, ackWaitMs: 60_000 },
      ingest: { scpPort: 11_112, aeTitle: 'GANTRY' },
    });
  });

  it('reads a full service deployment', () => {
    const config = loadConfig(
      {
        GANTRY_DATA_DIR: 'data',
        GANTRY_DATABASE_URL: 'postgres://gantry:pw@db:5432/gantry',
        GANTRY_DATABASE_SCHEMA: 'tenant_a',
        GANTRY_NATS_URL: 'nats://n1:4222, n2:4222',
        GANTRY_NATS_STREAM: 'EVENTS_A',
        GANTRY_SUBJECT_PREFIX: 'a.gantry',
        GANTRY_NATS_CREDS: 'secrets/nats.creds',
        GANTRY_S3_ENDPOINT: 'https://s3.example.org',
        GANTRY_S3_ACCESS_KEY: 'AK',
        GANTRY_S3_SECRET_KEY: 'SK',
        GANTRY_S3_BUCKET: 'dicom-a',
        GANTRY_S3_REGION: 'eu-west-1',
        GANTRY_KEY_FILE: '/run/secrets/gantry-key',
        GANTRY_HTTP_PORT: '8080',
        GANTRY_HTTP_HOST: '0.0.0.0',
        GANTRY_LOG_LEVEL: 'DEBUG',
        GANTRY_LOG_FILE: 'logs/gantry.log',
        GANTRY_CONCURRENCY: '16',
        GANTRY_MAX_DELIVER: '7',
        GANTRY_ACK_WAIT_MS: '30000',
        GANTRY_SCP_PORT: '104',
        GANTRY_AE_TITLE: 'HOSP_GANTRY',
      },
      { cwd },
    );
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://gantry:pw@db:5432/gantry', schema: 'tenant_a' });
    expect(config.bus).toEqual({
      kind: 'jetstream',
      servers: ['nats://n1:4222', 'nats://n2:4222'],
      stream: 'EVENTS_A',
      subjectPrefix: 'a.gantry',
      credsFile: '/srv/gantry/secrets/nats.creds',
    });
    expect(config.blobs).toEqual({
      kind: 's3',
      endPoint: 's3.example.org',
      port: 443,
      useSSL: true,
      accessKey: 'AK',
      secretKey: 'SK',
      region: 'eu-west-1',
      bucket: 'dicom-a',
    });
    expect(config.keyFile).toBe('/run/secrets/gantry-key');
    expect(config.http).toEqual({ port: 8080, host: '0.0.0.0' });
    expect(config.log).toEqual({ level: 'debug', file: '/srv/gantry/logs/gantry.log', stdout: false });
    expect(config.delivery).toEqual({ concurrency: 16, maxDeliver: 7, ackWaitMs: 30_000 });
    expect(config.ingest).toEqual({ scpPort: 104, aeTitle: 'HOSP_GANTRY' });
  });

  it('applies JetStream and S3 defaults', () => {
    const config = loadConfig(
      {
        GANTRY_NATS_URL: 'nats://127.0.0.1:4222',
        GANTRY_S3_ENDPOINT: 'http://minio:9000',
        GANTRY_S3_ACCESS_KEY: 'a',
        GANTRY_S3_SECRET_KEY: 'b',
      },
      { cwd },
    );
    expect(config.bus).toEqual({
      kind: 'jetstream',
      servers: ['nats://127.0.0.1:4222'],
      stream: 'GANTRY_EVENTS',
      subjectPrefix: 'gantry',
    });
    expect(config.blobs).toMatchObject({ endPoint: 'minio', port: 9000, useSSL: false, bucket: 'gantry', region: 'us-east-1' });
  });

  it('lets --data override GANTRY_DATA_DIR and derives the default paths from it', () => {
    const config = loadConfig({ GANTRY_DATA_DIR: '/ignored' }, { cwd, dataDir: '../elsewhere' });
    expect(config.dataDir).toBe('/srv/elsewhere');
    expect(config.keyFile).toBe('/srv/elsewhere/key');
    expect(config.blobs).toEqual({ kind: 'fs', dir: '/srv/elsewhere/blobs' });
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ GANTRY_S3_ENDPOINT: '', GANTRY_HTTP_PORT: ' ' }, { cwd }).blobs.kind).toBe('fs');
  });

  it('returns a frozen object', () => {
    const config = loadConfig({}, { cwd });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.delivery)).toBe(true);
  });

  it('keeps stdout alongside a log file when asked to', () => {
    expect(loadConfig({ GANTRY_LOG_FILE: '/var/log/g.log', GANTRY_LOG_STDOUT: 'true' }, { cwd }).log).toEqual({
      level: 'info',
      file: '/var/log/g.log',
      stdout: true,
    });
  });
});

describe('loadConfig validation', () => {
  it('reports every problem at once, each naming its variable and what was expected', () => {
    const problems = problemsOf({
      GANTRY_HTTP_PORT: 'eighty',
      GANTRY_LOG_LEVEL: 'loud',
      GANTRY_CONCURRENCY: '0',
      GANTRY_AE_TITLE: 'THIS_AE_TITLE_IS_TOO_LONG',
    });
    expect(problems).toEqual([
      'GANTRY_HTTP_PORT: expected an integer from 0 to 65535, got "eighty"',
      'GANTRY_LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, got "loud"',
      'GANTRY_CONCURRENCY: expected an integer from 1 to 1024, got "0"',
      'GANTRY_AE_TITLE: expected a DICOM AE title (1-16 printable ASCII characters, no backslash), got "THIS_AE_TITLE_IS_TOO_LONG"',
    ]);
  });

  it('puts all problems in the error message', () => {
    expect(() => loadConfig({ GANTRY_HTTP_PORT: '-1', GANTRY_MAX_DELIVER: 'x' }, { cwd })).toThrow(
      /invalid configuration \(2 problems\):\n {2}- GANTRY_HTTP_PORT: .*\n {2}- GANTRY_MAX_DELIVER: /,
    );
  });

  it('refuses an S3 endpoint without keys instead of falling back to files', () => {
    expect(problemsOf({ GANTRY_S3_ENDPOINT: 'http://minio:9000' })).toEqual([
      'GANTRY_S3_ACCESS_KEY: is required when GANTRY_S3_ENDPOINT is set',
      'GANTRY_S3_SECRET_KEY: is required when GANTRY_S3_ENDPOINT is set',
    ]);
  });

  it('refuses S3, NATS and database settings without their endpoint', () => {
    const problems = problemsOf({
      GANTRY_S3_ACCESS_KEY: 'a',
      GANTRY_NATS_STREAM: 'S',
      GANTRY_DATABASE_SCHEMA: 'x',
    });
    expect(problems).toEqual([
      'GANTRY_DATABASE_SCHEMA: is set but GANTRY_DATABASE_URL is not; set GANTRY_DATABASE_URL to use Postgres, or unset GANTRY_DATABASE_SCHEMA',
      'GANTRY_NATS_STREAM: is set but GANTRY_NATS_URL is not; set GANTRY_NATS_URL to use JetStream, or unset GANTRY_NATS_STREAM',
      'GANTRY_S3_ACCESS_KEY: is set but GANTRY_S3_ENDPOINT is not; set GANTRY_S3_ENDPOINT to use S3, or unset GANTRY_S3_ACCESS_KEY',
    ]);
  });

  it('never echoes a database URL, which may hold a password', () => {
    const [problem] = problemsOf({ GANTRY_DATABASE_URL: 'mysql://root:hunter2@db/x' });
    expect(problem).toMatch(/^GANTRY_DATABASE_URL: expected a URL starting with postgres:\/\/ or postgresql:\/\//);
    expect(problem).not.toContain('hunter2');
  });

  it('rejects malformed endpoints', () => {
    expect(
      problemsOf({
        GANTRY_S3_ENDPOINT: 'minio:9000/bucket',
        GANTRY_S3_ACCESS_KEY: 'a',
        GANTRY_S3_SECRET_KEY: 'b',
        GANTRY_NATS_URL: 'http://nats:4222',
      }),
    ).toEqual([
      'GANTRY_NATS_URL: expected a URL starting with nats:// or tls:// or ws:// or wss:// (value not shown: it may hold a secret)',
      'GANTRY_S3_ENDPOINT: expected a URL starting with http:// or https://, got "minio:9000/bucket"',
    ]);
    expect(problemsOf({ GANTRY_S3_ENDPOINT: 'http://minio:9000/path', GANTRY_S3_ACCESS_KEY: 'a', GANTRY_S3_SECRET_KEY: 'b' })).toEqual([
      'GANTRY_S3_ENDPOINT: expected scheme, host and optional port only (e.g. http://minio:9000), got "http://minio:9000/path"',
    ]);
  });

  it('rejects bad names and a log setup that would drop every line', () => {
    expect(
      problemsOf({
        GANTRY_NATS_URL: 'nats://n:4222',
        GANTRY_NATS_STREAM: 'has.dot',
        GANTRY_SUBJECT_PREFIX: 'gantry.>',
        GANTRY_S3_ENDPOINT: 'http://m:9000',
        GANTRY_S3_ACCESS_KEY: 'a',
        GANTRY_S3_SECRET_KEY: 'b',
        GANTRY_S3_BUCKET: 'Upper_Case',
        GANTRY_LOG_STDOUT: 'no',
      }).map((p) => p.split(':')[0]),
    ).toEqual(['GANTRY_NATS_STREAM', 'GANTRY_SUBJECT_PREFIX', 'GANTRY_S3_BUCKET', 'GANTRY_LOG_STDOUT']);
  });
});
