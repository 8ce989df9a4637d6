import { spawnSync } from 'node:child_process';

/*
 * DICOM tools for tests. A missing tool throws (the test fails), never skips.
 */

export function runTool(tool: string, args: readonly string[]): { status: number | null; out: string } {
  const r = spawnSync(tool, [...args], { encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

/** dciodvfy error lines reduced to their class: values, numbers and quoted text removed. */
export function dciodvfyErrorClasses(path: string): Set<string> {
  const lines = runTool('dciodvfy', [path]).out.split('\n').filter((l) => /\bError\b/.test(l));
  return new Set(lines.map((l) => l.replace(/Value=<[^>]*>/g, 'Value=<>').replace(/"[^"]*"/g, '""').replace(/\[[^\]]*\]/g, '[]').replace(/\d+/g, 'N').trim()));
}

/** dcmdump's verdict: exit status and its error lines. */
export function dcmdumpErrors(path: string): { status: number | null; errors: string[] } {
  const r = runTool('dcmdump', [path]);
  return { status: r.status, errors: r.out.split('\n').filter((l) => l.startsWith('E:')) };
}
