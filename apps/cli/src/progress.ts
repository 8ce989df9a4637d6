import { SingleBar } from 'cli-progress';

export interface Progress {
  update(done: number, total: number, detail: Record<string, number>): void;
  stop(): void;
}

const NONE: Progress = { update: () => undefined, stop: () => undefined };

/**
 * A progress bar on stderr when it is a terminal; silent otherwise (CI logs, pipes),
 * so stdout stays clean for `--json`. Only counts are shown, never file names.
 */
export function progressBar(label: string, enabled = process.stderr.isTTY === true): Progress {
  if (!enabled) return NONE;
  const bar = new SingleBar({
    stream: process.stderr,
    format: `${label} [{bar}] {value}/{total} | {summary}`,
    hideCursor: true,
    clearOnComplete: true,
  });
  let started = false;
  return {
    update(done, total, detail) {
      const summary = Object.entries(detail).map(([k, v]) => `${k} ${v}`).join(', ');
      if (!started) {
        bar.start(total, done, { summary });
        started = true;
      }
      bar.setTotal(total);
      bar.update(done, { summary });
    },
    stop: () => (started ? bar.stop() : undefined),
  };
}
