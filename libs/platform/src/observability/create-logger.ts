import { hostname } from 'node:os';
import pino, { type DestinationStream } from 'pino';
import type { GantryLogLevel } from '../config/config.types';
import { StructuredLogger } from './structured-logger';

export interface LoggerOptions {
  /** Deployable name, e.g. `gantry-inspector` or `gantry-cli`. */
  service: string;
  /** Pipeline stage, e.g. `inspect`; `all` for the embedded single process. */
  stage: string;
  /** Default `info`. */
  level?: GantryLogLevel;
  /** Append JSON lines to this file (its directory is created). */
  file?: string;
  /**
   * Also write to stdout. Default: true without `file`, false with one, so a file replaces
   * stdout unless both are asked for (GANTRY_LOG_STDOUT=true), the CLI keeping stdout for
   * its own output. Same rule as `GantryConfig.log`, which can be passed as is.
   */
  stdout?: boolean;
  /** Write here instead of stdout/file (tests, custom transports). */
  destination?: DestinationStream;
}

/**
 * JSON-lines logger: `{"level":"info","time":"…","service":…,"stage":…,"msg":…, …fields}`.
 * Writes are synchronous so the last lines before a crash are not lost.
 */
export function createLogger(options: LoggerOptions): StructuredLogger {
  const logger = pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service, stage: options.stage, pid: process.pid, hostname: hostname() },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Fields arrive sanitized (errors already reduced); pino's own err serializer would undo that.
      serializers: { err: (value: unknown) => value },
    },
    destinationOf(options),
  );
  return new StructuredLogger(logger);
}

function destinationOf(options: LoggerOptions): DestinationStream {
  if (options.destination) return options.destination;
  const streams: DestinationStream[] = [];
  if (options.file !== undefined) streams.push(pino.destination({ dest: options.file, sync: true, mkdir: true }));
  if (options.stdout ?? options.file === undefined) streams.push(pino.destination({ dest: 1, sync: true }));
  const [only] = streams;
  if (streams.length === 1 && only) return only;
  // The logger's level filters; each stream takes everything it is given.
  return pino.multistream(streams.map((stream) => ({ stream, level: 'trace' as const })));
}
