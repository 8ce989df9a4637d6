import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { ensureStream } from '@gantry/platform';

export const testNatsUrl = (): string => process.env['GANTRY_TEST_NATS_URL'] ?? 'nats://127.0.0.1:4222';

export interface TestJetStream {
  servers: string;
  /** A stream of its own, capturing `<prefix>.>`. */
  stream: string;
  /** A subject prefix of its own, so parallel tests on one server never see each other's messages. */
  prefix: string;
  /** A connection for the test's own assertions (drained by cleanup). */
  connection: NatsConnection;
  cleanup(): Promise<void>;
}

/**
 * A JetStream stream and subject prefix unique to one test on the shared NATS server
 * (`GANTRY_TEST_NATS_URL`). An unreachable server fails the test: integration tests
 * never skip.
 */
export async function createTestJetStream(options: { servers?: string; duplicateWindowMs?: number } = {}): Promise<TestJetStream> {
  const servers = options.servers ?? testNatsUrl();
  const id = randomBytes(5).toString('hex');
  const stream = `TEST_${id.toUpperCase()}`;
  const prefix = `gt${id}`;
  const connection = await connect({ servers, name: `test-${id}` }).catch((cause: unknown) => {
    throw new Error(`NATS with JetStream is required at ${servers} (set GANTRY_TEST_NATS_URL)`, { cause });
  });
  const jsm = await jetstreamManager(connection);
  await ensureStream(jsm, { name: stream, prefix, duplicateWindowMs: options.duplicateWindowMs });
  return {
    servers,
    stream,
    prefix,
    connection,
    cleanup: async () => {
      await jsm.streams.delete(stream).catch(() => false);
      await connection.drain();
    },
  };
}
