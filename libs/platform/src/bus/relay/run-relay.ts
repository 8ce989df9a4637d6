import { Logger } from '@nestjs/common';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/transport-node';
import { EventStore } from '../../event-store';
import { BusObserver } from '../bus-observer';
import { errorLabel } from '../error-label';
import { DEFAULT_STREAM, ensureStream } from '../jetstream/ensure-stream';
import { connectNats } from '../jetstream/nats-connection';
import { EventRelay, EventRelayOptions } from './event-relay';
import { LeaderLock, LeaderLockOptions } from './leader-lock';

export interface RunRelayOptions {
  store: EventStore;
  servers?: string | readonly string[];
  credsFile?: string;
  /** A connection owned by the caller (not drained on stop). */
  connection?: NatsConnection;
  stream?: string;
  prefix?: string;
  /** Elect a leader among relays through a Postgres advisory lock; omit to publish unconditionally. */
  leader?: LeaderLockOptions;
  ensureStream?: boolean;
  observer?: BusObserver;
  tuning?: Pick<EventRelayOptions, 'batchSize' | 'pollMs' | 'retryMs' | 'publishTimeoutMs' | 'checkpointName'>;
}

export interface RelayHandle {
  readonly relay: EventRelay;
  /** True while this process publishes (always, without leader election). */
  readonly leading: boolean;
  stop(): Promise<void>;
}

/**
 * Runs the relay the way a service (or the standalone relay process) does: connect,
 * ensure the stream, then publish, either always or only while holding the leader lock.
 */
export async function runRelay(options: RunRelayOptions): Promise<RelayHandle> {
  const logger = new Logger('EventRelay');
  const { servers = 'nats://127.0.0.1:4222', credsFile } = options;
  const nc = options.connection ?? (await connectNats({ servers, credsFile, name: 'gantry-relay' }));
  const stream = options.stream ?? DEFAULT_STREAM;
  const prefix = options.prefix ?? 'gantry';
  if (options.ensureStream ?? true) await ensureStream(await jetstreamManager(nc), { name: stream, prefix });
  const relay = new EventRelay({ ...options.tuning, store: options.store, js: jetstream(nc), prefix, stream, observer: options.observer, logger });
  const lock = options.leader ? new LeaderLock({ logger, ...options.leader }) : null;
  const abort = new AbortController();
  const leading = lock ? lead(relay, lock, abort.signal) : relay.start();
  const stop = async (): Promise<void> => {
    abort.abort();
    await relay.stop();
    await leading.catch(() => undefined);
    await lock?.release();
    if (!options.connection) await nc.drain();
  };
  if (!lock) await leading;
  return {
    relay,
    get leading() {
      return lock ? lock.held && relay.running : relay.running;
    },
    stop,
  };
}

/** Publishes only while leader; on losing the lock stops after the current batch and campaigns again. */
async function lead(relay: EventRelay, lock: LeaderLock, signal: AbortSignal): Promise<void> {
  const logger = new Logger('EventRelay');
  while (!signal.aborted) {
    try {
      await lock.acquire(signal);
    } catch {
      return;
    }
    try {
      await relay.start();
    } catch (error) {
      // Still holding the lock: the next acquire returns at once and the start is retried.
      logger.error(`relay start failed (${errorLabel(error)})`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      continue;
    }
    logger.log('leader: publishing');
    const aborted = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    await Promise.race([lock.lost(), aborted]);
    await relay.stop().catch((error: unknown) => logger.error(`relay stop failed (${errorLabel(error)})`));
  }
}
