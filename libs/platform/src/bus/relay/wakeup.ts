/**
 * A level-triggered wake-up: `fire()` before `wait()` is not lost, so an append hint that
 * arrives while a batch is being published still triggers the next read at once.
 */
export class Wakeup {
  private pending = false;
  private waiter: (() => void) | null = null;

  fire(): void {
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w();
    } else {
      this.pending = true;
    }
  }

  /** Resolves on the next (or a pending) `fire()`, or after `timeoutMs`. */
  wait(timeoutMs: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        resolve();
      }, timeoutMs);
      this.waiter = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
