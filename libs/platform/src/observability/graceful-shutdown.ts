import { Logger } from '@nestjs/common';

/** What the helper needs from a Nest app (or application context). */
export interface Closable {
  close(): Promise<void>;
}

export interface ShutdownLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface GracefulShutdownOptions {
  /** How long `app.close()` may take before the process exits anyway. Default 15 s. */
  timeoutMs?: number;
  signals?: readonly NodeJS.Signals[];
  /** Defaults to Nest's `Logger` (so the app's logger, e.g. `GantryLogger`). */
  logger?: ShutdownLogger;
  /** Called last, e.g. to flush logs. Errors are logged, not thrown. */
  beforeExit?: () => Promise<void>;
  /** Defaults to `process.exit`; tests pass a spy. */
  exit?: (code: number) => void;
}

/**
 * Closes the app once on SIGTERM/SIGINT: Nest runs the shutdown hooks (consumers drain,
 * readiness turns 503, connections close), then the process exits 0. If closing hangs past
 * the deadline, or fails, it exits 1; a second signal while closing exits 1 at once, so an
 * operator's second Ctrl-C always works. Returns a function that removes the handlers.
 */
export function enableGracefulShutdown(app: Closable, options: GracefulShutdownOptions = {}): () => void {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const shutdown = new Shutdown(app, options);
  const onSignal = (signal: NodeJS.Signals): void => shutdown.onSignal(signal);
  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}

class Shutdown {
  private readonly timeoutMs: number;
  private readonly logger: ShutdownLogger;
  private readonly exit: (code: number) => void;
  private closing = false;

  constructor(
    private readonly app: Closable,
    private readonly options: GracefulShutdownOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.logger = options.logger ?? new Logger('Shutdown');
    this.exit = options.exit ?? ((code: number) => process.exit(code));
  }

  onSignal(signal: NodeJS.Signals): void {
    if (this.closing) {
      this.logger.warn(`${signal} received again while shutting down: exiting now`);
      this.exit(1);
      return;
    }
    this.closing = true;
    void this.run(signal);
  }

  private async run(signal: NodeJS.Signals): Promise<void> {
    this.logger.log(`${signal} received: shutting down (deadline ${this.timeoutMs} ms)`);
    const started = Date.now();
    const deadline = setTimeout(() => {
      this.logger.error(`shutdown did not finish within ${this.timeoutMs} ms: exiting`);
      void this.finish(1);
    }, this.timeoutMs);
    // The deadline must not by itself keep a process alive that has nothing left to do.
    deadline.unref();
    try {
      await this.app.close();
      clearTimeout(deadline);
      this.logger.log(`shutdown complete in ${Date.now() - started} ms`);
      await this.finish(0);
    } catch (e) {
      clearTimeout(deadline);
      const code = (e as { code?: unknown } | null)?.code;
      this.logger.error(`shutdown failed${typeof code === 'string' ? ` (${code})` : ''}: exiting`);
      await this.finish(1);
    }
  }

  private async finish(code: number): Promise<void> {
    await this.options.beforeExit?.().catch(() => this.logger.error('flushing before exit failed'));
    this.exit(code);
  }
}
