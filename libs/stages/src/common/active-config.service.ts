import { Injectable } from '@nestjs/common';
import {
  CONFIG_CHANGED,
  CONFIG_STREAM,
  ConfigChangedData,
  configHash,
  defaultConfig,
  GantryPipelineConfig,
  newEvent,
  validateConfig,
} from '@gantry/domain';
import { EventStore, StoredEvent } from '@gantry/platform';

export interface VersionedConfig {
  /** 0 is the built-in default, in force until the first `gantry config set`. */
  version: number;
  hash: string;
  config: GantryPipelineConfig;
}

/** How long a replica trusts its cached view of the config stream before re-reading it. */
const FRESH_MS = 1_000;

/**
 * The pipeline configuration, versioned in the event store (stream `config`, ConfigChanged
 * events). Every stage records the version it acted under, and a stage that must act under
 * a specific version (the remediator applies the plan the inspector made) asks for it.
 */
@Injectable()
export class ActiveConfigService {
  private cache: { at: number; versions: VersionedConfig[] } | null = null;

  constructor(private readonly store: EventStore) {}

  async active(): Promise<VersionedConfig> {
    const versions = await this.versions();
    return versions[versions.length - 1] ?? builtIn();
  }

  /** A given version; re-reads the stream once when a newer version than cached is asked for. */
  async version(version: number): Promise<VersionedConfig> {
    if (version === 0) return builtIn();
    let found = (await this.versions()).find((v) => v.version === version);
    if (!found) found = (await this.versions(true)).find((v) => v.version === version);
    if (!found) throw new Error(`config version ${version} is not in the store`);
    return found;
  }

  /**
   * Installs `input` as the next version unless the active configuration already has its
   * hash: the version history records changes only, and a repeated install (a deployment
   * script, a run, a rule set applied twice) emits nothing. `current` spares a read when
   * the caller has just read the active version.
   */
  async install(
    input: unknown,
    options: { cause?: ConfigChangedData['cause']; current?: VersionedConfig } = {},
  ): Promise<{ installed: boolean; config: VersionedConfig }> {
    const hash = configHash(validateConfig(input));
    const current = options.current ?? (await this.active());
    if (current.hash === hash) return { installed: false, config: current };
    return { installed: true, config: await this.set(input, options.cause) };
  }

  /** Validates and installs a configuration as the next version; returns it. */
  async set(input: unknown, cause: ConfigChangedData['cause'] = 'CONFIG_SET'): Promise<VersionedConfig> {
    const config = validateConfig(input);
    const current = await this.versions(true);
    const version = current.length + 1;
    const hash = configHash(config);
    const event = newEvent({
      type: CONFIG_CHANGED,
      source: 'gantry/config',
      subject: CONFIG_STREAM,
      data: { version, hash, config: config as unknown as Record<string, unknown>, cause },
    });
    // Expected version = what we read: two operators setting at once cannot both become vN.
    await this.store.append(CONFIG_STREAM, [event], { expectedVersion: current.length === 0 ? 'no_stream' : current.length });
    this.cache = null;
    return { version, hash, config };
  }

  /** Every installed version, oldest first. */
  async versions(fresh = false): Promise<VersionedConfig[]> {
    if (!fresh && this.cache && Date.now() - this.cache.at < FRESH_MS) return this.cache.versions;
    const events = await this.store.readStream(CONFIG_STREAM);
    const versions = events.flatMap(toVersion);
    this.cache = { at: Date.now(), versions };
    return versions;
  }
}

function builtIn(): VersionedConfig {
  const config = defaultConfig();
  return { version: 0, hash: configHash(config), config };
}

function toVersion(stored: StoredEvent): VersionedConfig[] {
  const e = stored.event;
  if (e.type !== CONFIG_CHANGED) return [];
  return [{ version: e.data.version, hash: e.data.hash, config: validateConfig(e.data.config) }];
}
