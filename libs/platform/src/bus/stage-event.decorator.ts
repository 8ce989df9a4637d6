import { applyDecorators, UseFilters } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { EventType } from '@gantry/domain';
import { StageErrorPassthroughFilter } from './stage-error-passthrough.filter';

/** Extras attached to every stage handler pattern; the transports read them at boot. */
export interface StageHandlerExtras {
  /** Durable consumer name; replicas of a stage share it. Lower-case, e.g. 'indexer'. */
  consumer: string;
}

const passthrough = new StageErrorPassthroughFilter();

/**
 * Marks a method as a stage handler for one event type on one durable consumer.
 * The handler receives the whole event (`@Payload()`) and a GantryContext (`@Ctx()`).
 * Resolving acks the message; RetryableError naks with delay; PermanentError terms it
 * and writes a dead letter; any other error is retried until max deliveries, then dead-lettered.
 */
export const StageEvent = (type: EventType, consumer: string): MethodDecorator =>
  applyDecorators(EventPattern(type, { consumer } satisfies StageHandlerExtras), UseFilters(passthrough));
