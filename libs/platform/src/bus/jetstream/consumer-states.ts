import { ConsumerInfo, JetStreamApiError, JetStreamManager } from '@nats-io/jetstream';

/** "consumer not found" */
const CONSUMER_NOT_FOUND = 10014;

/** A durable's state on the server, as `gantry status` shows it for a cluster. */
export interface ConsumerState {
  consumer: string;
  /** False when no replica of the stage has created the durable yet. */
  exists: boolean;
  /** Messages not yet delivered. */
  pending: number;
  /** Delivered and not yet acknowledged (in flight, or waiting for a redelivery). */
  ackPending: number;
  /** Messages delivered more than once that are still unacknowledged. */
  redelivered: number;
  /** Open pull requests: roughly, idle handler slots across the replicas. */
  waiting: number;
  /** pending + ackPending: the number the KEDA scaler and the lag metric use. */
  lag: number;
}

const fromInfo = (consumer: string, info: ConsumerInfo): ConsumerState => ({
  consumer,
  exists: true,
  pending: info.num_pending,
  ackPending: info.num_ack_pending,
  redelivered: info.num_redelivered,
  waiting: info.num_waiting,
  lag: info.num_pending + info.num_ack_pending,
});

/** Reads the named durables of `stream`; a durable that does not exist is reported, not thrown. */
export async function consumerStates(jsm: JetStreamManager, stream: string, consumers: readonly string[]): Promise<ConsumerState[]> {
  return Promise.all(
    consumers.map(async (consumer) => {
      try {
        return fromInfo(consumer, await jsm.consumers.info(stream, consumer));
      } catch (error) {
        if (error instanceof JetStreamApiError && error.code === CONSUMER_NOT_FOUND) {
          return { consumer, exists: false, pending: 0, ackPending: 0, redelivered: 0, waiting: 0, lag: 0 };
        }
        throw error;
      }
    }),
  );
}
