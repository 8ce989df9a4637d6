import { LoggerService, LogLevel } from '@nestjs/common';
import type { GantryLogLevel } from '../config/config.types';
import { LoggerOptions, createLogger } from './create-logger';
import { LogFields, safe } from './log-fields';
import { StructuredLogger } from './structured-logger';

/** Nest's levels, most verbose first, and the pino level each maps to. */
const NEST_TO_PINO: Readonly<Record<LogLevel, GantryLogLevel>> = {
  verbose: 'trace',
  debug: 'debug',
  log: 'info',
  warn: 'warn',
  error: 'error',
  fatal: 'fatal',
};

/**
 * Nest's `LoggerService` over the structured logger: `app.useLogger(logger)` puts Nest's
 * own lines (and `new Logger(ctx)` calls) in the same JSON stream. Nest passes free text,
 * so stage code should log through `forContext()` and its structured fields instead.
 */
export class GantryLogger implements LoggerService {
  constructor(readonly structured: StructuredLogger) {}

  static create(options: LoggerOptions): GantryLogger {
    return new GantryLogger(createLogger(options));
  }

  /** A structured logger for one component; every line carries `context`. */
  forContext(context: string): StructuredLogger {
    return this.structured.child({ context: safe(context) });
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params, true);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params, true);
  }

  /** Nest lists the enabled levels; the most verbose one becomes the threshold. */
  setLogLevels(levels: LogLevel[]): void {
    const order: LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];
    const lowest = order.find((l) => levels.includes(l));
    if (lowest !== undefined) this.structured.level = NEST_TO_PINO[lowest];
  }

  flush(): Promise<void> {
    return this.structured.flush();
  }

  private write(level: GantryLogLevel, message: unknown, params: unknown[], mayHaveStack = false): void {
    if (!this.structured.isLevelEnabled(level)) return;
    const rest = [...params];
    // Nest's convention: a trailing string is the context, and error()'s string before it the stack.
    const context = typeof rest.at(-1) === 'string' && rest.length > 0 ? (rest.pop() as string) : undefined;
    const stack = mayHaveStack && typeof rest[0] === 'string' ? (rest.shift() as string) : undefined;
    // Raw values: the structured logger sanitizes them once (vouched text only).
    const fields: Record<string, unknown> = {};
    if (context !== undefined) fields['context'] = safe(context);
    if (stack !== undefined) fields['stack'] = safe(framesOnly(stack));
    if (rest.length > 0) fields['params'] = rest;
    if (typeof message === 'object' && message !== null) fields[message instanceof Error ? 'err' : 'detail'] = message;
    const msg = typeof message === 'string' ? message : message instanceof Error ? 'error' : 'structured';
    this.structured[level](msg, fields as LogFields);
  }
}

/** A stack string's first line repeats the error message, which may quote data. */
const framesOnly = (stack: string): string =>
  stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .map((line) => line.trim())
    .join('\n');
