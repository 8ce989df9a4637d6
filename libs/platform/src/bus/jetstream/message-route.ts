import { JsMsg } from '@nats-io/jetstream';
import { CE, decodeCloudEvent } from '../cloud-event-codec';
import { DeliveryRequest } from '../delivery-runner';
import { StageBinding } from '../stage-bindings';
import { filterSubjectFor } from '../subjects';

/**
 * What one durable pull consumer reads and how each of its messages becomes a delivery.
 * A stage consumer delivers every message to its handler; a replay consumer resolves a
 * DEAD_LETTER_REPLAYED message into the original event for its stage's handler.
 */
export interface MessageRoute {
  readonly durable: string;
  /** One subject: nats-server 2.9 has no `filter_subjects`. */
  readonly filterSubject: string;
  /** The delivery to run, or null to acknowledge the message without running anything. */
  request(msg: JsMsg): Promise<DeliveryRequest | null>;
}

/** The route of a stage handler's own durable: every message goes to the handler. */
export function stageRoute(binding: StageBinding, prefix: string): MessageRoute {
  return {
    durable: binding.consumer,
    filterSubject: filterSubjectFor(binding.type, prefix),
    request: async (msg) => ({ binding, envelope: envelopeOf(msg), deliveryCount: msg.info.deliveryCount, origin: originOf(msg) }),
  };
}

export const originOf = (msg: JsMsg): string => `jetstream:${msg.info.stream}:${msg.seq}`;

/** An undecodable message still yields what identity it has, so its dead letter can name it. */
export function envelopeOf(msg: JsMsg): unknown {
  try {
    return decodeCloudEvent(msg.headers, msg.data);
  } catch {
    return { id: msg.headers?.get(CE.id), type: msg.headers?.get(CE.type) };
  }
}
