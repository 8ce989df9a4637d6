import { Logger, LoggerService } from '@nestjs/common';
import { assertValidEvent, EventEnvelope, GantryEvent, MESSAGE_DEAD_LETTERED } from '@gantry/domain';
import { EventStore } from '../event-store';
import { BusObserver, NOOP_BUS_OBSERVER, ProcessedOutcome } from './bus-observer';
import { backoffFor, DeliveryPolicy } from './delivery-policy';
import { BUS_REASONS, classifyFailure, DeliveryOutcome } from './delivery-outcome';
import { errorLabel } from './error-label';
import { buildDeadLetter, deadLetterStreamId, FIRST_GENERATION } from './dead-letter';
import { GantryContext } from './gantry-context';
import { invokeHandler, withAckWait } from './invoke-handler';
import { identifyMessage } from './message-identity';
import { StageBinding } from './stage-bindings';

export interface DeliveryRequest {
  readonly binding: StageBinding;
  /** The envelope as received; it is validated before the handler sees it. */
  readonly envelope: unknown;
  /** 1 on first delivery. */
  readonly deliveryCount: number;
  /** Delivery generation: FIRST_GENERATION normally, a replay id when a dead letter is replayed. */
  readonly generation?: string;
  /** Where the message came from (`jetstream:<stream>:<seq>`, `store:<position>`): names an envelope without a usable id. */
  readonly origin: string;
}

/** What the transport must do with the message. */
export type DeliveryAction = { readonly kind: 'ack' } | { readonly kind: 'nak'; readonly delayMs: number } | { readonly kind: 'term' };

export interface DeliveryRunnerOptions {
  store: EventStore;
  policy: DeliveryPolicy;
  observer?: BusObserver;
  logger?: LoggerService;
}

const LABEL: Record<DeliveryAction['kind'], ProcessedOutcome> = { ack: 'ack', nak: 'retry', term: 'dead_letter' };

/**
 * The delivery semantics shared by both transports: validate, run the handler within the
 * ack wait, classify the result and, for a dead letter, record it in the store before the
 * message is terminated. Never throws: every failure maps to an action.
 */
export class DeliveryRunner {
  private readonly observer: BusObserver;
  private readonly logger: LoggerService;

  constructor(private readonly options: DeliveryRunnerOptions) {
    this.observer = options.observer ?? NOOP_BUS_OBSERVER;
    this.logger = options.logger ?? new Logger('GantryBus');
  }

  get policy(): DeliveryPolicy {
    return this.options.policy;
  }

  async run(request: DeliveryRequest): Promise<DeliveryAction> {
    const consumer = request.binding.consumer;
    const started = performance.now();
    this.observer.inFlight(consumer, 1);
    try {
      const event = this.validate(request);
      const outcome = event ? await this.decide(request, event) : ({ kind: 'dead_letter', reason: BUS_REASONS.invalidEvent } as const);
      const action = await this.apply(request, event, outcome);
      this.observer.processed(consumer, LABEL[action.kind], (performance.now() - started) / 1000);
      return action;
    } finally {
      this.observer.inFlight(consumer, -1);
    }
  }

  private validate(request: DeliveryRequest): GantryEvent | null {
    try {
      const envelope = request.envelope as EventEnvelope;
      assertValidEvent(envelope);
      return envelope.type === request.binding.type ? envelope : null;
    } catch {
      return null;
    }
  }

  private async decide(request: DeliveryRequest, event: GantryEvent): Promise<DeliveryOutcome> {
    const { binding, deliveryCount } = request;
    // Beyond max_deliver the previous final attempt timed out, crashed or failed to record
    // its dead letter: the handler already had its chances, so only the dead letter is left.
    if (deliveryCount > this.policy.maxDeliver) return { kind: 'dead_letter', reason: BUS_REASONS.maxDeliverExceeded };
    // A consumer of dead letters must not see its own: failing on one would dead-letter it
    // again, into the same dlq subject it consumes, forever.
    if (event.type === MESSAGE_DEAD_LETTERED && event.data.consumer === binding.consumer) return { kind: 'ack' };
    const ctx = new GantryContext([{ consumer: binding.consumer, deliveryCount, event }]);
    try {
      await withAckWait(invokeHandler(binding.handler, event, ctx), this.policy.ackWaitMs);
      return { kind: 'ack' };
    } catch (error) {
      return classifyFailure(error, deliveryCount, this.policy);
    }
  }

  private async apply(request: DeliveryRequest, event: GantryEvent | null, outcome: DeliveryOutcome): Promise<DeliveryAction> {
    if (outcome.kind === 'ack') return outcome;
    if (outcome.kind === 'retry') {
      this.logger.debug?.(`${request.binding.consumer}: retry ${this.describe(request)} in ${outcome.delayMs} ms (${outcome.code})`);
      return { kind: 'nak', delayMs: outcome.delayMs };
    }
    return this.deadLetter(request, event, outcome.reason);
  }

  private async deadLetter(request: DeliveryRequest, event: GantryEvent | null, reason: string): Promise<DeliveryAction> {
    const { binding, deliveryCount } = request;
    const identity = identifyMessage(event ?? request.envelope, request.origin);
    const letter = buildDeadLetter({
      consumer: binding.consumer,
      ...identity,
      reason,
      deliveries: deliveryCount,
      generation: request.generation ?? FIRST_GENERATION,
      original: event,
    });
    try {
      await this.options.store.append(deadLetterStreamId(binding.consumer), [letter], { expectedVersion: 'any' });
    } catch (error) {
      // The message must not be terminated without its dead letter: nak it, and the next
      // delivery (now beyond max_deliver, or a PermanentError again) retries the write.
      this.logger.error(`${binding.consumer}: cannot record dead letter for ${identity.eventId} (${errorLabel(error)})`);
      return { kind: 'nak', delayMs: backoffFor(this.policy, deliveryCount) };
    }
    this.logger.warn(`${binding.consumer}: dead-lettered ${identity.eventId} (${identity.eventType}) after ${deliveryCount} deliveries: ${reason}`);
    return { kind: 'term' };
  }

  private describe(request: DeliveryRequest): string {
    return `${identifyMessage(request.envelope, request.origin).eventId} delivery ${request.deliveryCount}`;
  }
}
