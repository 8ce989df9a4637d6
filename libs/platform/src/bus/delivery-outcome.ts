import { CODE_PATTERN, isGantryError } from '@gantry/domain';
import { backoffFor, DeliveryPolicy } from './delivery-policy';
import { isPermanent, isRetryable } from './errors';

/** What the bus decided for one delivery, before it is applied to the message. */
export type DeliveryOutcome =
  | { readonly kind: 'ack' }
  | { readonly kind: 'retry'; readonly delayMs: number; readonly code: string }
  | { readonly kind: 'dead_letter'; readonly reason: string };

/** Reason codes the bus itself assigns (handlers contribute their GantryError codes). */
export const BUS_REASONS = {
  /** The message failed the envelope or payload schema, or is not the consumer's type. */
  invalidEvent: 'INVALID_EVENT',
  /** A plain (non-Gantry) error: its message may hold anything, so only this code is kept. */
  handlerFailed: 'HANDLER_FAILED',
  /** A delivery beyond max_deliver: the previous final attempt timed out or could not be recorded. */
  maxDeliverExceeded: 'MAX_DELIVER_EXCEEDED',
} as const;

const CODE = new RegExp(CODE_PATTERN);

/**
 * The code recorded for a failure. Only GantryError codes are trusted (they are stable
 * identifiers by contract); any other error is reduced to HANDLER_FAILED because its
 * message might quote data, and nothing from it may reach an event, a header or a log.
 */
export function failureCode(error: unknown): string {
  if (isGantryError(error) && CODE.test(error.code)) return error.code;
  return BUS_REASONS.handlerFailed;
}

/**
 * Handler failure → outcome. PermanentError dead-letters at once; anything else is retried
 * (RetryableError with its own delay, others with the policy backoff) until the delivery
 * that reaches max_deliver, whose failure dead-letters.
 */
export function classifyFailure(error: unknown, deliveryCount: number, policy: DeliveryPolicy): DeliveryOutcome {
  const code = failureCode(error);
  if (isPermanent(error) || deliveryCount >= policy.maxDeliver) return { kind: 'dead_letter', reason: code };
  const delayMs = isRetryable(error) && error.delayMs !== undefined ? error.delayMs : backoffFor(policy, deliveryCount);
  return { kind: 'retry', delayMs: Math.max(0, delayMs), code };
}
