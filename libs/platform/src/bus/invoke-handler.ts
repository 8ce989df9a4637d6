import { MessageHandler } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import { GantryEvent } from '@gantry/domain';
import { AckTimeoutError } from './errors';
import { GantryContext } from './gantry-context';

/**
 * Calls a Nest event handler and waits for it to settle. Nest's proxy turns a throw
 * into an erroring Observable, so the Observable is drained to surface the error.
 */
export async function invokeHandler(handler: MessageHandler, event: GantryEvent, ctx: GantryContext): Promise<void> {
  const result: unknown = await handler(event, ctx);
  if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
}

/**
 * Rejects with AckTimeoutError when `work` has not settled within `ms`. The work itself
 * keeps running (a handler cannot be cancelled); its late result is ignored because the
 * delivery already counts as failed and will be redelivered.
 */
export function withAckWait<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new AckTimeoutError(ms)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
