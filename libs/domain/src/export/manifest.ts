import { assertRelativeLocation } from './layout-template';

/** One exported file, as listed in the manifest beside a folder export. */
export interface ManifestEntry {
  /** Relative to the export folder, '/'-separated (pseudonymous values only). */
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
  /** The opaque instance key, to look the instance up with `gantry audit --instance`. */
  readonly instanceKey: string;
  /** ISO 8601 time of the Exported event. */
  readonly exportedAt: string;
  readonly configVersion: number;
}

export const MANIFEST_JSON = 'manifest.json';
export const MANIFEST_CSV = 'manifest.csv';
const CSV_COLUMNS = ['path', 'sha256', 'size', 'instance_key', 'exported_at', 'config_version'] as const;

/**
 * The entries a folder holds: one per path, the latest export of each (a re-export under
 * a new configuration overwrote the file), sorted by path so equal folders give equal
 * manifests.
 */
export function manifestEntries(exports: readonly ManifestEntry[]): ManifestEntry[] {
  const latest = new Map<string, ManifestEntry>();
  for (const e of exports) {
    assertRelativeLocation(e.path);
    const prior = latest.get(e.path);
    if (prior === undefined || prior.exportedAt <= e.exportedAt) latest.set(e.path, e);
  }
  return [...latest.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The JSON manifest: a format marker, the destination name and the files. */
export function manifestJson(destination: string, entries: readonly ManifestEntry[]): string {
  return `${JSON.stringify({ format: 'gantry-export-manifest/1', destination, files: entries }, null, 2)}\n`;
}

/** The CSV manifest (RFC 4180; every field is a plain token, so no quoting is ever needed). */
export function manifestCsv(entries: readonly ManifestEntry[]): string {
  const rows = entries.map((e) => [e.path, e.sha256, String(e.size), e.instanceKey, e.exportedAt, String(e.configVersion)].join(','));
  return `${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
