import { readFileSync } from 'node:fs';
import { connect, credsAuthenticator, NatsConnection } from '@nats-io/transport-node';

export interface NatsConnectionOptions {
  servers: string | readonly string[];
  /** Connection name shown by the server (`nats server report connections`). */
  name?: string;
  /** NATS credentials file (JWT + nkey seed), e.g. GANTRY_NATS_CREDS. */
  credsFile?: string;
}

/**
 * Connects for a long-running process: reconnects forever (a nats-server restart or a
 * network blip must not end a service; pull consumers resume once it is back) and
 * buffers publishes while reconnecting. The first connect still fails fast, so a wrong
 * URL is reported at boot rather than retried silently.
 */
export function connectNats(options: NatsConnectionOptions): Promise<NatsConnection> {
  return connect({
    servers: typeof options.servers === 'string' ? options.servers : [...options.servers],
    name: options.name ?? 'gantry',
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    pingInterval: 10_000,
    ...(options.credsFile ? { authenticator: credsAuthenticator(readFileSync(options.credsFile)) } : {}),
  });
}
