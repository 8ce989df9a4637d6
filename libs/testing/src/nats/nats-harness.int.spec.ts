import { existsSync } from 'node:fs';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createTestJetStream } from './create-test-jetstream';
import { startNatsServer } from './start-nats-server';

// Real servers, shared with other suites running in parallel: allow for a loaded machine.
jest.setTimeout(30_000);

describe('createTestJetStream', () => {
  it('gives each test its own stream and prefix, and deletes the stream on cleanup', async () => {
    const [a, b] = await Promise.all([createTestJetStream(), createTestJetStream()]);
    try {
      expect(a.stream).not.toBe(b.stream);
      expect(a.prefix).not.toBe(b.prefix);
      const ack = await jetstream(a.connection).publish(`${a.prefix}.instance.ingested.v1`, 'x');
      expect(ack.stream).toBe(a.stream);
    } finally {
      await b.cleanup();
    }
    const jsm = await jetstreamManager(a.connection);
    const streams = await jsm.streams.names().next();
    await a.cleanup();
    expect(streams).toContain(a.stream);
    expect(streams).not.toContain(b.stream);
  });
});

describe('startNatsServer', () => {
  it('runs a JetStream server of its own that keeps its data across a restart', async () => {
    const server = await startNatsServer();
    try {
      const nc = await connect({ servers: server.servers });
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name: 'KEEP', subjects: ['keep.>'] });
      await jetstream(nc).publish('keep.one', 'x');
      await nc.close();
      await server.restart();
      const again = await connect({ servers: server.servers });
      const info = await (await jetstreamManager(again)).streams.info('KEEP');
      await again.close();
      expect(info.state.messages).toBe(1);
    } finally {
      await server.stop();
    }
    expect(existsSync(server.storeDir)).toBe(false);
  }, 30_000);
});
