import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';

/**
 * Nest's default RPC exception filter replaces every unknown error with a generic
 * `{ status: 'error' }` object and logs the original message. The bus needs the original
 * error instance to choose ack/nak/term, and handler messages must not reach logs, so
 * stage handlers rethrow through this filter unchanged and the transport classifies them.
 */
@Catch()
export class StageErrorPassthroughFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}
