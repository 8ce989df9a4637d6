import { CONFIG_CHANGED, CONFIG_STREAM, GantryEvent, validateConfig } from '@gantry/domain';
import { EventStore } from '@gantry/platform';
import { VersionedConfig } from '../common';

export type ConfigChangedEvent = GantryEvent<typeof CONFIG_CHANGED>;

/**
 * The newest ConfigChanged event, read fresh from the store (never a cache): a release
 * decides whether it is superseded, and a hold whether a newer rule set exists, on it.
 */
export async function latestConfigChange(store: EventStore): Promise<ConfigChangedEvent | null> {
  const events = await store.readStream(CONFIG_STREAM);
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]?.event;
    if (e?.type === CONFIG_CHANGED) return e;
  }
  return null;
}

/** The configuration an event installed, validated as ActiveConfigService does. */
export const configOf = (event: ConfigChangedEvent): VersionedConfig => ({
  version: event.data.version,
  hash: event.data.hash,
  config: validateConfig(event.data.config),
});
