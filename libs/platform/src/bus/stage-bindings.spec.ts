import { MessageHandler } from '@nestjs/microservices';
import { INSTANCE_INDEXED, INSTANCE_INGESTED } from '@gantry/domain';
import { BusConfigurationError } from './errors';
import { collectStageBindings } from './stage-bindings';

function handler(extras: Record<string, unknown> | undefined, isEventHandler = true): MessageHandler {
  const fn = (async () => undefined) as MessageHandler;
  fn.isEventHandler = isEventHandler;
  fn.extras = extras;
  return fn;
}

describe('collectStageBindings', () => {
  it('makes one binding per consumer, following Nest handler chains of one pattern', () => {
    const indexer = handler({ consumer: 'indexer' });
    const inspector = handler({ consumer: 'inspector' });
    indexer.next = inspector;
    const exporter = handler({ consumer: 'exporter' });
    const bindings = collectStageBindings(new Map([[INSTANCE_INGESTED, indexer], [INSTANCE_INDEXED, exporter]]));
    expect(bindings.map((b) => [b.consumer, b.type])).toEqual([
      ['indexer', INSTANCE_INGESTED],
      ['inspector', INSTANCE_INGESTED],
      ['exporter', INSTANCE_INDEXED],
    ]);
    expect(bindings[1]!.handler).toBe(inspector);
  });

  it('refuses two event types on one consumer', () => {
    const handlers = new Map([[INSTANCE_INGESTED, handler({ consumer: 'indexer' })], [INSTANCE_INDEXED, handler({ consumer: 'indexer' })]]);
    expect(() => collectStageBindings(handlers)).toThrow(BusConfigurationError);
    expect(() => collectStageBindings(handlers)).toThrow(/consumer indexer has two event types/);
  });

  it('refuses two handlers of one type on one consumer', () => {
    const first = handler({ consumer: 'indexer' });
    first.next = handler({ consumer: 'indexer' });
    expect(() => collectStageBindings(new Map([[INSTANCE_INGESTED, first]]))).toThrow(/two handlers/);
  });

  it('refuses handlers without a valid consumer, unknown types and request/response handlers', () => {
    expect(() => collectStageBindings(new Map([[INSTANCE_INGESTED, handler(undefined)]]))).toThrow(/consumer name/);
    expect(() => collectStageBindings(new Map([[INSTANCE_INGESTED, handler({ consumer: 'Bad.Name' })]]))).toThrow(/consumer name/);
    expect(() => collectStageBindings(new Map([['gantry.nope.nope.v1', handler({ consumer: 'x' })]]))).toThrow(/not a known event type/);
    expect(() => collectStageBindings(new Map([[INSTANCE_INGESTED, handler({ consumer: 'x' }, false)]]))).toThrow(/request\/response/);
  });
});
