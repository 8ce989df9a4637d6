import { join, resolve } from 'node:path';
import { ConfigError } from './config-error';
import { GantryConfig } from './config.types';
import { Env, EnvReader } from './env-reader';
import { readBlobs, readBus, readDatabase } from './infra-sections';
import { readDelivery, readHttp, readIngest, readLog } from './runtime-sections';

export interface ConfigOverrides {
  /** The CLI's `--data`: wins over GANTRY_DATA_DIR. */
  dataDir?: string;
  /** Directory that relative paths resolve against; defaults to `process.cwd()`. */
  cwd?: string;
}

/**
 * Builds the whole configuration from `env`. Pure apart from the default `cwd`: it touches
 * no file or network, so it can run before anything else and in unit tests. Throws one
 * `ConfigError` naming every bad variable; partial infrastructure (an S3 endpoint without
 * keys, a stream name without a NATS URL) is an error, never a silent fallback.
 */
export function loadConfig(env: Env = process.env, overrides: ConfigOverrides = {}): GantryConfig {
  const r = new EnvReader(env);
  const cwd = overrides.cwd ?? process.cwd();
  const dataDir = resolve(cwd, overrides.dataDir ?? r.raw('GANTRY_DATA_DIR') ?? './.gantry');
  const keyFile = r.raw('GANTRY_KEY_FILE');
  const config: GantryConfig = {
    dataDir,
    database: readDatabase(r, dataDir),
    bus: readBus(r, cwd),
    blobs: readBlobs(r, dataDir),
    keyFile: keyFile === undefined ? join(dataDir, 'key') : resolve(cwd, keyFile),
    http: readHttp(r),
    log: readLog(r, cwd),
    delivery: readDelivery(r),
    ingest: readIngest(r),
  };
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
