import { Controller, Module } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { CONFIG_CHANGED, INSTANCE_INDEXED, INSTANCE_INGESTED } from '@gantry/domain';
import { declaredConsumers } from './declared-consumers';
import { StageEvent } from './stage-event.decorator';

@Controller()
class IndexHandler {
  @StageEvent(INSTANCE_INGESTED, 'indexer')
  onIngested(): void {
    return undefined;
  }
  notAHandler(): void {
    return undefined;
  }
}

@Controller()
class BaseHandler {
  @StageEvent(CONFIG_CHANGED, 'probe-config')
  onConfig(): void {
    return undefined;
  }
}

@Controller()
class DerivedHandler extends BaseHandler {
  @StageEvent(INSTANCE_INDEXED, 'probe')
  onIndexed(): void {
    return undefined;
  }
}

@Module({ controllers: [DerivedHandler] })
class InnerModule {}

@Module({})
class StageModule {
  static forRoot() {
    return { module: StageModule, controllers: [IndexHandler], imports: [InnerModule, { module: InnerModule }] };
  }
}

@Controller()
class PlainPattern {
  @EventPattern('not.a.gantry.type')
  on(): void {
    return undefined;
  }
}

describe('declaredConsumers', () => {
  it('reads @StageEvent consumers from a dynamic module, its imports and inherited handlers, without booting it', () => {
    expect(declaredConsumers(StageModule.forRoot())).toEqual([
      { consumer: 'indexer', type: INSTANCE_INGESTED, handler: 'IndexHandler.onIngested' },
      { consumer: 'probe', type: INSTANCE_INDEXED, handler: 'DerivedHandler.onIndexed' },
      { consumer: 'probe-config', type: CONFIG_CHANGED, handler: 'DerivedHandler.onConfig' },
    ]);
  });

  it('finds nothing in a module without handlers, and refuses an event pattern that is no stage handler', () => {
    expect(declaredConsumers(InnerModule)).toHaveLength(2);
    @Module({})
    class Empty {}
    expect(declaredConsumers(Empty)).toEqual([]);
    expect(() => declaredConsumers({ module: Empty, controllers: [PlainPattern] })).toThrow(/PlainPattern.on is not a @StageEvent handler/);
  });
});
