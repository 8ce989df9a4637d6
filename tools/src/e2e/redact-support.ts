import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/*
 * DICOM tool checks shared by the redaction end-to-end tests. A missing tool throws, so
 * the test fails rather than skips.
 */

export function runTool(tool: string, args: readonly string[]): { status: number | null; out: string } {
  const r = spawnSync(tool, [...args], { encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

export function dcmdumpErrors(path: string): { status: number | null; errors: string[] } {
  const r = runTool('dcmdump', [path]);
  return { status: r.status, errors: r.out.split('\n').filter((l) => l.startsWith('E:')) };
}

/** dciodvfy error lines reduced to their class: values, numbers and quoted text removed. */
function errorClasses(path: string): Set<string> {
  const lines = runTool('dciodvfy', [path]).out.split('\n').filter((l) => /\bError\b/.test(l));
  return new Set(lines.map((l) => l.replace(/Value=<[^>]*>/g, 'Value=<>').replace(/"[^"]*"/g, '""').replace(/\[[^\]]*\]/g, '[]').replace(/\d+/g, 'N').trim()));
}

/**
 * Error classes dciodvfy finds in `output` and not in `input`. dciodvfy cannot read some
 * inputs as they are (a deflated dataset), so such an input is first rewritten unchanged
 * by DCMTK (dcmconv +te) to see the errors it really has.
 */
export function newErrorClasses(input: string, output: string, work: string): string[] {
  let before = errorClasses(input);
  if ([...before].some((e) => e.includes('Dicom dataset read failed'))) {
    const readable = join(work, `${Date.now()}-${Math.random().toString(16).slice(2)}.baseline.dcm`);
    if (runTool('dcmconv', ['+te', input, readable]).status === 0) before = errorClasses(readable);
  }
  return [...errorClasses(output)].filter((e) => !before.has(e));
}
