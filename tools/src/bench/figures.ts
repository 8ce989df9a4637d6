/** One measured run, printed by the benchmark. */
export interface RunFigures {
  scenario: string;
  files: number;
  bytes: number;
  seconds: number;
  /** Peak resident set of the process(es) doing the work, in MiB. */
  peakRssMiB: number;
  extra?: Record<string, number | string>;
}

export const filesPerSecond = (r: RunFigures): number => r.files / r.seconds;
export const mbPerSecond = (r: RunFigures): number => r.bytes / 1e6 / r.seconds;

export function printFigures(title: string, runs: readonly RunFigures[]): void {
  const rows = runs.map((r) => [
    r.scenario,
    String(r.files),
    r.seconds.toFixed(2),
    filesPerSecond(r).toFixed(1),
    mbPerSecond(r).toFixed(1),
    r.peakRssMiB.toFixed(0),
    Object.entries(r.extra ?? {}).map(([k, v]) => `${k}=${v}`).join(' '),
  ]);
  const headers = ['scenario', 'files', 'seconds', 'files/s', 'MB/s', 'peak RSS MiB', 'notes'];
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  process.stdout.write(`\n${title}\n${line(headers)}\n${line(widths.map((w) => '-'.repeat(w)))}\n`);
  for (const r of rows) process.stdout.write(`${line(r)}\n`);
}

/** Peak resident set (VmHWM) of a live process, in MiB; 0 when it cannot be read. */
export async function peakRssOf(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const m = /VmHWM:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) / 1024 : 0;
}
