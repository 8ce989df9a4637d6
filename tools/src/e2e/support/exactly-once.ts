import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, relative } from 'node:path';
import {
  EXPORT_BLOCKED,
  INSTANCE_EXPORTED,
  INSTANCE_INDEXED,
  INSTANCE_INGESTED,
  INSTANCE_REDACTED,
  INSTANCE_REJECTED,
  INSTANCE_REMEDIATED,
  MESSAGE_DEAD_LETTERED,
  parseDicom,
  PHI_FOUND,
  REDACTION_HELD,
} from '@gantry/domain';
import { listFiles } from './corpus';
import { FaultStack, waitFor } from './fault-stack';

/** One event of each per instance, in pipeline order. */
export const PIPELINE_TYPES = [INSTANCE_INGESTED, INSTANCE_INDEXED, PHI_FOUND, INSTANCE_REMEDIATED, INSTANCE_REDACTED, INSTANCE_EXPORTED] as const;

export interface TypeTally {
  /** Expected instances with at least one event of the type. */
  instances: number;
  /** Expected instances with more than one (a duplicate). */
  duplicated: number;
  /** Keys that are not expected at all. */
  unexpected: number;
}

export interface ExactlyOnceReport {
  types: Record<string, TypeTally>;
  /** Exported events per (instance, destination) beyond the first. */
  duplicateExports: number;
  failures: { blocked: number; held: number; deadLetters: number; rejected: number };
  files: {
    count: number;
    /** Exported `.dcm` file names (layout `{key}.dcm`) that are not `<expected key>.dcm`. */
    unexpectedNames: string[];
    /** Expected keys without a file. */
    missing: number;
    /** Left-over temp files (`.<uuid>.part`). */
    temp: string[];
    distinctSopInstanceUids: number;
    /** Files still carrying an original SOP Instance UID (not de-identified). */
    originalUids: number;
    /** Files whose bytes are not what their Exported event recorded (sha256). */
    notAsRecorded: number;
  };
}

/** Fails at once when an instance can no longer be exported: a block, a hold, a dead letter or a rejection. */
async function failures(stack: FaultStack): Promise<ExactlyOnceReport['failures']> {
  const c = await stack.typeCounts();
  return { blocked: c[EXPORT_BLOCKED] ?? 0, held: c[REDACTION_HELD] ?? 0, deadLetters: c[MESSAGE_DEAD_LETTERED] ?? 0, rejected: c[INSTANCE_REJECTED] ?? 0 };
}

/** Waits until every key has been exported; a terminal failure (blocked, held, dead-lettered) fails at once. */
export async function waitAllExported(stack: FaultStack, keys: readonly string[], timeoutMs: number, onProgress?: (exported: number) => void): Promise<void> {
  const expected = new Set(keys);
  await waitFor(`${keys.length} instances exported`, async () => {
    const f = await failures(stack);
    if (f.blocked + f.held + f.deadLetters + f.rejected > 0) throw new Error(`an instance cannot complete: ${JSON.stringify(f)}`);
    const rows = await stack.db.query<{ key: string }>(`select distinct data->>'key' as key from events where type = $1`, [INSTANCE_EXPORTED]);
    const done = rows.rows.filter((r) => expected.has(r.key)).length;
    onProgress?.(done);
    return done === expected.size ? true : undefined;
  }, timeoutMs, 1_000);
}

/** The folder destination's manifest.csv rows (header excluded), once it lists `n` paths. */
export async function waitManifest(stack: FaultStack, n: number, timeoutMs = 90_000): Promise<string[]> {
  return waitFor(`manifest.csv listing ${n} objects`, async () => {
    const text = await readFile(`${stack.out}/manifest.csv`, 'utf8').catch(() => '');
    const rows = text.split('\n').slice(1).filter((l) => l.trim() !== '');
    return rows.length === n ? rows : undefined;
  }, timeoutMs, 1_000);
}

/**
 * What the event store and the export folder say about `keys` (the expected instances):
 * per pipeline event type how many instances have one and how many more than one, the
 * Exported duplicates per destination, the failures, and the exported files.
 */
export async function exactlyOnceReport(stack: FaultStack, keys: readonly string[], originalInstanceUids: readonly string[]): Promise<ExactlyOnceReport> {
  const expected = new Set(keys);
  const types: Record<string, TypeTally> = {};
  for (const type of PIPELINE_TYPES) {
    const rows = await stack.db.query<{ key: string; n: number }>(`select data->>'key' as key, count(*)::int as n from events where type = $1 group by 1`, [type]);
    const mine = rows.rows.filter((r) => expected.has(r.key));
    types[type] = { instances: mine.length, duplicated: mine.filter((r) => r.n > 1).length, unexpected: rows.rows.length - mine.length };
  }
  const dup = await stack.db.query<{ n: number }>(
    `select coalesce(sum(n - 1), 0)::int as n from (select count(*) as n from events where type = $1 group by data->>'key', data->'destination'->>'name') t`,
    [INSTANCE_EXPORTED],
  );
  const recorded = await stack.db.query<{ location: string; sha256: string }>(`select data->>'location' as location, data->>'sha256' as sha256 from events where type = $1`, [INSTANCE_EXPORTED]);
  const shaOf = new Map(recorded.rows.map((r) => [r.location, r.sha256]));

  const all = await listFiles(stack.out);
  const temp = all.filter((f) => basename(f).endsWith('.part'));
  const dicom = all.filter((f) => f.endsWith('.dcm') && !basename(f).startsWith('.'));
  const names = dicom.map((f) => relative(stack.out, f));
  const originals = new Set(originalInstanceUids);
  const sops = new Set<string>();
  let originalUids = 0;
  let notAsRecorded = 0;
  for (const f of dicom) {
    const bytes = await readFile(f);
    const sop = parseDicom(bytes, { untilPixelData: true }).dataset.string('SOPInstanceUID') ?? '';
    sops.add(sop);
    if (originals.has(sop)) originalUids++;
    if (shaOf.get(relative(stack.out, f)) !== createHash('sha256').update(bytes).digest('hex')) notAsRecorded++;
  }
  const present = new Set(names.map((n) => n.replace(/\.dcm$/, '')));
  return {
    types,
    duplicateExports: dup.rows[0]?.n ?? 0,
    failures: await failures(stack),
    files: {
      count: dicom.length,
      unexpectedNames: names.filter((n) => !expected.has(n.replace(/\.dcm$/, ''))),
      missing: keys.filter((k) => !present.has(k)).length,
      temp,
      distinctSopInstanceUids: sops.size,
      originalUids,
      notAsRecorded,
    },
  };
}

/** The report of a run in which every one of `n` instances was processed exactly once and exported to one file. */
export function cleanReport(n: number): ExactlyOnceReport {
  return {
    types: Object.fromEntries(PIPELINE_TYPES.map((t) => [t, { instances: n, duplicated: 0, unexpected: 0 }])),
    duplicateExports: 0,
    failures: { blocked: 0, held: 0, deadLetters: 0, rejected: 0 },
    files: { count: n, unexpectedNames: [], missing: 0, temp: [], distinctSopInstanceUids: n, originalUids: 0, notAsRecorded: 0 },
  };
}
