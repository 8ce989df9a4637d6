import type { Logger as PinoLogger } from 'pino';
import type { GantryLogLevel } from '../config/config.types';
import { LogFields, sanitizeFields } from './log-fields';

/** Keys pino or our base bindings own; a field with one of these names is renamed, not allowed to overwrite. */
const RESERVED = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'service', 'stage']);

/**
 * The logger stage code uses: a constant message plus structured fields that pass the
 * redaction guard (see `safe`). Values read from DICOM objects must never be logged, not
 * even at debug level: put opaque keys (instance keys, event ids) in fields instead.
 */
export class StructuredLogger {
  constructor(private readonly pino: PinoLogger) {}

  get level(): GantryLogLevel {
    return this.pino.level as GantryLogLevel;
  }

  set level(level: GantryLogLevel) {
    this.pino.level = level;
  }

  isLevelEnabled(level: GantryLogLevel): boolean {
    return this.pino.isLevelEnabled(level);
  }

  fatal(msg: string, fields?: LogFields): void {
    this.write('fatal', msg, fields);
  }
  error(msg: string, fields?: LogFields): void {
    this.write('error', msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.write('warn', msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.write('info', msg, fields);
  }
  debug(msg: string, fields?: LogFields): void {
    this.write('debug', msg, fields);
  }
  trace(msg: string, fields?: LogFields): void {
    this.write('trace', msg, fields);
  }

  /** A logger whose every line also carries `bindings` (e.g. `{ component: safe('relay') }`). */
  child(bindings: LogFields): StructuredLogger {
    return new StructuredLogger(this.pino.child(renameReserved(sanitizeFields(bindings))));
  }

  /** Waits until buffered lines are written (call before exiting). */
  flush(): Promise<void> {
    return new Promise((resolve) => this.pino.flush(() => resolve()));
  }

  private write(level: GantryLogLevel, msg: string, fields: LogFields | undefined): void {
    if (!this.pino.isLevelEnabled(level)) return;
    this.pino[level](renameReserved(sanitizeFields(fields)), msg);
  }
}

function renameReserved(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) out[RESERVED.has(key) ? `field_${key}` : key] = value;
  return out;
}
