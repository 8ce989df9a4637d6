import { GantryError } from '@gantry/domain';
import { BUS_REASONS, classifyFailure, failureCode } from './delivery-outcome';
import { DeliveryPolicy } from './delivery-policy';
import { PermanentError, RetryableError } from './errors';

const policy: DeliveryPolicy = { ackWaitMs: 1_000, maxDeliver: 3, backoffMs: [10, 20], concurrency: 1 };

describe('classifyFailure', () => {
  it('retries a plain error with the policy backoff, the last step repeating', () => {
    expect(classifyFailure(new Error('x'), 1, policy)).toEqual({ kind: 'retry', delayMs: 10, code: 'HANDLER_FAILED' });
    expect(classifyFailure(new Error('x'), 2, policy)).toEqual({ kind: 'retry', delayMs: 20, code: 'HANDLER_FAILED' });
  });

  it('dead-letters on the delivery that reaches max_deliver', () => {
    expect(classifyFailure(new Error('x'), 3, policy)).toEqual({ kind: 'dead_letter', reason: BUS_REASONS.handlerFailed });
  });

  it('uses a RetryableError delay and code', () => {
    expect(classifyFailure(new RetryableError('BLOB_UNAVAILABLE', 'down', 500), 1, policy)).toEqual({
      kind: 'retry',
      delayMs: 500,
      code: 'BLOB_UNAVAILABLE',
    });
    expect(classifyFailure(new RetryableError('BLOB_UNAVAILABLE', 'down'), 2, policy)).toMatchObject({ delayMs: 20 });
  });

  it('dead-letters a PermanentError at once with its code', () => {
    expect(classifyFailure(new PermanentError('UNSUPPORTED_SOP_CLASS', 'no'), 1, policy)).toEqual({
      kind: 'dead_letter',
      reason: 'UNSUPPORTED_SOP_CLASS',
    });
  });
});

describe('failureCode', () => {
  it('keeps well-formed GantryError codes only', () => {
    expect(failureCode(new GantryError('TIMEOUT', 'm'))).toBe('TIMEOUT');
    expect(failureCode(new GantryError('not a code', 'm'))).toBe('HANDLER_FAILED');
    expect(failureCode(new TypeError('DOE^JOHN'))).toBe('HANDLER_FAILED');
    expect(failureCode('string thrown')).toBe('HANDLER_FAILED');
  });
});
