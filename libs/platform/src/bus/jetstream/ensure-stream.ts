import { JetStreamApiError, JetStreamManager, RetentionPolicy, StorageType, StreamConfig, StreamInfo } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { BusConfigurationError } from '../errors';

export const DEFAULT_STREAM = 'GANTRY_EVENTS';
export const DEFAULT_DUPLICATE_WINDOW_MS = 120_000;

export interface StreamSpec {
  name?: string;
  /** Subject prefix; the stream captures `<prefix>.>`. */
  prefix?: string;
  /** JetStream dedupes republished `Nats-Msg-Id`s within this window (relay crash recovery). */
  duplicateWindowMs?: number;
  /** Optional retention by age; 0 keeps messages until other limits apply. */
  maxAgeMs?: number;
  replicas?: number;
}

/** "stream name already in use with a different configuration" */
const STREAM_NAME_EXISTS = 10058;

/**
 * Creates the event stream, or aligns an existing one with the spec. Limits retention so
 * every consumer reads every event independently; file storage so a nats-server restart
 * loses nothing. No compression is set: nats-server 2.9 rejects the field.
 */
export async function ensureStream(jsm: JetStreamManager, spec: StreamSpec = {}): Promise<StreamInfo> {
  const name = spec.name ?? DEFAULT_STREAM;
  const mutable = {
    subjects: [`${spec.prefix ?? 'gantry'}.>`],
    duplicate_window: nanos(spec.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS),
    max_age: nanos(spec.maxAgeMs ?? 0),
  } satisfies Partial<StreamConfig>;
  const config: Partial<StreamConfig> & { name: string } = {
    name,
    ...mutable,
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    num_replicas: spec.replicas ?? 1,
  };
  try {
    return await jsm.streams.add(config);
  } catch (error) {
    if (!(error instanceof JetStreamApiError) || error.code !== STREAM_NAME_EXISTS) {
      throw new BusConfigurationError(`cannot create stream ${name}`, { cause: error });
    }
  }
  try {
    return await jsm.streams.update(name, mutable);
  } catch (error) {
    throw new BusConfigurationError(`stream ${name} exists with a configuration that cannot be updated`, { cause: error });
  }
}
