import type { ExportConfig } from './export-config';
import { layoutProblems } from './layout-template';

/** Checks of the `export` section that its schema cannot make; '<pointer>: <expected>' lines. */
export function exportProblems(config: ExportConfig, base = '/export'): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  config.destinations.forEach((d, i) => {
    const at = `${base}/destinations/${i}`;
    if (seen.has(d.name)) out.push(`${at}/name: must be unique`);
    seen.add(d.name);
    if (d.kind === 'folder' || d.kind === 's3') out.push(...layoutProblems(d.layout).map((p) => `${at}/layout: ${p}`));
    if (d.kind === 'folder' && d.path.split('/').some((s) => s === '..')) out.push(`${at}/path: must not contain '..' segments`);
  });
  return out;
}
