import { MessageHandler } from '@nestjs/microservices';
import { EventType, isEventType } from '@gantry/domain';
import { BusConfigurationError } from './errors';
import { StageHandlerExtras } from './stage-event.decorator';

/** One durable consumer: exactly one event type and one handler. */
export interface StageBinding {
  readonly consumer: string;
  readonly type: EventType;
  readonly handler: MessageHandler;
}

/** Same rule as the dead-letter schema: the name also becomes a JetStream durable and a stream id. */
const CONSUMER_NAME = /^[a-z][a-z0-9-]{0,63}$/;

const consumerOf = (handler: MessageHandler): unknown => (handler.extras as Partial<StageHandlerExtras> | undefined)?.consumer;

/** Nest chains further event handlers of the same pattern through `next`. */
function* chain(head: MessageHandler): Generator<MessageHandler> {
  for (let h: MessageHandler | undefined = head; h; h = h.next as MessageHandler | undefined) yield h;
}

function bindingOf(pattern: string, handler: MessageHandler): StageBinding {
  if (!handler.isEventHandler) {
    throw new BusConfigurationError(`pattern ${pattern} is a request/response handler; the bus only carries events`);
  }
  const consumer = consumerOf(handler);
  if (typeof consumer !== 'string' || !CONSUMER_NAME.test(consumer)) {
    throw new BusConfigurationError(`handler for ${pattern} needs a consumer name matching ${CONSUMER_NAME.source} (use @StageEvent)`);
  }
  if (!isEventType(pattern)) throw new BusConfigurationError(`handler pattern ${pattern} is not a known event type`);
  return { consumer, type: pattern, handler };
}

/**
 * Groups a Nest server's handlers into durable consumers. A consumer has exactly one
 * event type because it maps to one JetStream `filter_subject` (nats-server 2.9 has no
 * `filter_subjects`); two types or two handlers on one consumer are refused at boot.
 */
export function collectStageBindings(handlers: ReadonlyMap<string, MessageHandler>): StageBinding[] {
  const byConsumer = new Map<string, StageBinding>();
  for (const [pattern, head] of handlers) {
    for (const handler of chain(head)) {
      const binding = bindingOf(pattern, handler);
      const existing = byConsumer.get(binding.consumer);
      if (existing) {
        const what = existing.type === binding.type ? `two handlers for ${binding.type}` : `two event types (${existing.type}, ${binding.type})`;
        throw new BusConfigurationError(`consumer ${binding.consumer} has ${what}; one consumer handles exactly one event type`);
      }
      byConsumer.set(binding.consumer, binding);
    }
  }
  return [...byConsumer.values()];
}
