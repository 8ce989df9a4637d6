import { FactoryProvider, InjectionToken } from '@nestjs/common';
import { KeyRing } from '@gantry/domain';
import { createEventStore, CreateEventStoreOptions, EventStoreTarget } from './create-event-store';
import { EventStore } from './event-store.port';

export interface EventStoreProviderOptions extends CreateEventStoreOptions {
  /** Where the store lives; a function is evaluated when Nest instantiates the provider. */
  target: EventStoreTarget | (() => EventStoreTarget);
  /** Token of the KeyRing to hash the audit chain with (default: the KeyRing class). */
  keyRing?: InjectionToken;
}

/**
 * Provides the port `EventStore`, backed by Postgres or embedded PGlite. The store
 * implements OnApplicationShutdown, so `app.enableShutdownHooks()` / `app.close()` closes
 * its pool (and stops an embedded database).
 */
export function eventStoreProvider(options: EventStoreProviderOptions): FactoryProvider<EventStore> {
  const { target, keyRing, ...storeOptions } = options;
  return {
    provide: EventStore,
    useFactory: (ring: KeyRing) => createEventStore(typeof target === 'function' ? target() : target, ring, storeOptions),
    inject: [keyRing ?? KeyRing],
  };
}
