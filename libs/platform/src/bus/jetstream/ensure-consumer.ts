import { AckPolicy, ConsumerConfig, ConsumerInfo, DeliverPolicy, JetStreamManager, ReplayPolicy } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { BusConfigurationError } from '../errors';

export interface ConsumerSpec {
  stream: string;
  /** Durable name = the stage consumer name; replicas share it. */
  name: string;
  /** One subject: nats-server 2.9 rejects `filter_subjects`. */
  filterSubject: string;
  ackWaitMs: number;
  maxAckPending: number;
  /**
   * Server-side delivery limit. Default -1 (unlimited): the transport enforces the
   * policy's maxDeliver itself and dead-letters on the last attempt. A server limit would
   * silently stop redelivering when that last attempt crashed, timed out or could not
   * write its dead letter, and the message would then be neither handled nor recorded.
   */
  maxDeliver?: number;
}

export function consumerConfig(spec: ConsumerSpec): Partial<ConsumerConfig> {
  return {
    durable_name: spec.name,
    filter_subject: spec.filterSubject,
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(spec.ackWaitMs),
    max_deliver: spec.maxDeliver ?? -1,
    max_ack_pending: spec.maxAckPending,
    deliver_policy: DeliverPolicy.All,
    replay_policy: ReplayPolicy.Instant,
  };
}

/**
 * Creates the durable pull consumer, or updates it in place when a redeploy changed its
 * ack wait or limits (nats-server 2.9 treats a create as an upsert; newer servers refuse
 * a create over a different config, hence the explicit update). A different filter
 * subject cannot be updated: the durable must be deleted deliberately, so boot fails.
 */
export async function ensureConsumer(jsm: JetStreamManager, spec: ConsumerSpec): Promise<ConsumerInfo> {
  const config = consumerConfig(spec);
  try {
    return await jsm.consumers.add(spec.stream, config);
  } catch (createError) {
    const existing = await jsm.consumers.info(spec.stream, spec.name).catch(() => null);
    if (!existing) throw new BusConfigurationError(`cannot create consumer ${spec.name} on ${spec.stream}`, { cause: createError });
    if (existing.config.filter_subject !== spec.filterSubject) {
      throw new BusConfigurationError(`consumer ${spec.name} exists with another filter subject; delete it to change its event type`);
    }
    const { ack_wait, max_deliver, max_ack_pending } = config;
    return jsm.consumers.update(spec.stream, spec.name, { ack_wait, max_deliver, max_ack_pending }).catch((cause: unknown) => {
      throw new BusConfigurationError(`cannot update consumer ${spec.name} on ${spec.stream}`, { cause });
    });
  }
}
