import { DynamicModule, Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants';
import { PATTERN_EXTRAS_METADATA, PATTERN_METADATA } from '@nestjs/microservices/constants';
import { EventType, isEventType } from '@gantry/domain';
import { BusConfigurationError } from './errors';
import { StageHandlerExtras } from './stage-event.decorator';

/** A `@StageEvent` handler as its module declares it: the durable it binds and the type it takes. */
export interface DeclaredConsumer {
  readonly consumer: string;
  readonly type: EventType;
  /** `Controller.method`, to point at the code. */
  readonly handler: string;
}

type ModuleRef = Type | DynamicModule;

const isDynamic = (m: unknown): m is DynamicModule => typeof m === 'object' && m !== null && 'module' in m;

/**
 * The durable consumers a stage module declares, read from the `@StageEvent` metadata of
 * its controllers (and of the modules it imports), without booting it. This is what the
 * transports will bind at boot, so deployment checks (KEDA triggers, `gantry status` on a
 * cluster) compare against the code rather than a list kept by hand.
 */
export function declaredConsumers(root: ModuleRef): DeclaredConsumer[] {
  const found = new Map<string, DeclaredConsumer>();
  for (const controller of controllersOf(root, new Set())) {
    for (const declared of handlersOf(controller)) found.set(`${declared.consumer}\0${declared.type}`, declared);
  }
  return [...found.values()].sort((a, b) => a.consumer.localeCompare(b.consumer));
}

function controllersOf(ref: ModuleRef, seen: Set<unknown>): Type[] {
  const cls = isDynamic(ref) ? ref.module : ref;
  if (seen.has(ref)) return [];
  seen.add(ref);
  const own = [...metadataList<Type>(cls, MODULE_METADATA.CONTROLLERS), ...(isDynamic(ref) ? (ref.controllers ?? []) : [])];
  const imports = [...metadataList<unknown>(cls, MODULE_METADATA.IMPORTS), ...(isDynamic(ref) ? (ref.imports ?? []) : [])];
  // Forward references and async modules cannot be read statically; stage modules use neither for handlers.
  const children = imports.filter((m): m is ModuleRef => typeof m === 'function' || isDynamic(m));
  return [...own, ...children.flatMap((child) => controllersOf(child, seen))];
}

const metadataList = <T>(target: object, key: string): T[] => (Reflect.getMetadata(key, target) as T[] | undefined) ?? [];

function* methodsOf(controller: Type): Generator<[string, unknown]> {
  for (let proto: object | null = controller.prototype as object; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name !== 'constructor') yield [name, Object.getOwnPropertyDescriptor(proto, name)?.value];
    }
  }
}

function handlersOf(controller: Type): DeclaredConsumer[] {
  const out: DeclaredConsumer[] = [];
  for (const [name, method] of methodsOf(controller)) {
    if (typeof method !== 'function') continue;
    const patterns = Reflect.getMetadata(PATTERN_METADATA, method) as unknown[] | undefined;
    if (!patterns) continue;
    const extras = Reflect.getMetadata(PATTERN_EXTRAS_METADATA, method) as Partial<StageHandlerExtras> | undefined;
    const handler = `${controller.name}.${name}`;
    for (const type of patterns) {
      if (typeof type !== 'string' || !isEventType(type) || typeof extras?.consumer !== 'string') {
        throw new BusConfigurationError(`${handler} is not a @StageEvent handler of a known event type with a consumer name`);
      }
      out.push({ consumer: extras.consumer, type, handler });
    }
  }
  return out;
}
