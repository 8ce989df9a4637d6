import { ShutdownLogger, enableGracefulShutdown } from './graceful-shutdown';

function recorder(): ShutdownLogger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    log: (m) => lines.push(`log ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
}

const tick = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('enableGracefulShutdown', () => {
  // A signal nobody else in the test process listens to, so emitting it is harmless.
  const signal = 'SIGUSR2';
  let dispose: () => void = () => undefined;

  afterEach(() => dispose());

  it('closes the app once, logs start and finish, then exits 0', async () => {
    const close = jest.fn(async () => undefined);
    const exit = jest.fn();
    const logger = recorder();
    dispose = enableGracefulShutdown({ close }, { signals: [signal], logger, exit, timeoutMs: 1_000 });
    process.emit(signal, signal);
    await tick();
    expect(close).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledWith(0);
    expect(logger.lines[0]).toBe('log SIGUSR2 received: shutting down (deadline 1000 ms)');
    expect(logger.lines[1]).toMatch(/^log shutdown complete in \d+ ms$/);
  });

  it('exits 1 when closing outlives the deadline, and at once on a second signal', async () => {
    const close = jest.fn(() => new Promise<void>(() => undefined));
    const exit = jest.fn();
    const logger = recorder();
    dispose = enableGracefulShutdown({ close }, { signals: [signal], logger, exit, timeoutMs: 50 });
    process.emit(signal, signal);
    process.emit(signal, signal);
    expect(close).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledWith(1);
    expect(logger.lines).toContain('warn SIGUSR2 received again while shutting down: exiting now');
    exit.mockClear();
    await tick(100);
    expect(exit).toHaveBeenCalledWith(1);
    expect(logger.lines).toContain('error shutdown did not finish within 50 ms: exiting');
  });

  it('exits 1 when closing fails, after running beforeExit', async () => {
    const exit = jest.fn();
    const beforeExit = jest.fn(async () => undefined);
    const logger = recorder();
    const close = async (): Promise<void> => {
      throw Object.assign(new Error('x'), { code: 'EBUSY' });
    };
    dispose = enableGracefulShutdown({ close }, { signals: [signal], logger, exit, beforeExit });
    process.emit(signal, signal);
    await tick();
    expect(beforeExit).toHaveBeenCalled();
    expect(exit).toHaveBeenCalledWith(1);
    expect(logger.lines).toContain('error shutdown failed (EBUSY): exiting');
  });

  it('removes its handlers when disposed', () => {
    const before = process.listenerCount(signal);
    const stop = enableGracefulShutdown({ close: async () => undefined }, { signals: [signal], exit: jest.fn(), logger: recorder() });
    expect(process.listenerCount(signal)).toBe(before + 1);
    stop();
    expect(process.listenerCount(signal)).toBe(before);
  });
});
