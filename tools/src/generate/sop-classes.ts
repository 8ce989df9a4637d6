import type { SopClassEntry, SopClassesData } from '@gantry/domain';
import { GENERATED_BY, type SourceFile } from './sources';

/** Edition of the Innolitics export of PS3.4 that ../shared holds (same release as E.1-1). */
export const SOP_CLASSES_EDITION = '2024b';

const UID_RE = /^[0-2](\.(0|[1-9][0-9]*))+$/;

function toEntry(row: unknown): [string, SopClassEntry] {
  if (typeof row !== 'object' || row === null) throw new Error('PS3.4: a row is not an object');
  const { id, name, ciod } = row as Record<string, unknown>;
  if (typeof id !== 'string' || !UID_RE.test(id)) throw new Error(`PS3.4: bad SOP Class UID ${JSON.stringify(id)}`);
  if (typeof name !== 'string' || typeof ciod !== 'string') throw new Error(`PS3.4: name/ciod missing for ${id}`);
  return [id, { name: name.trim(), iod: ciod.trim() }];
}

export function buildSopClasses(source: SourceFile): SopClassesData {
  const parsed: unknown = JSON.parse(source.text);
  if (!Array.isArray(parsed)) throw new Error('PS3.4: expected an array of rows');
  const sopClasses: Record<string, SopClassEntry> = {};
  for (const [uid, entry] of parsed.map(toEntry)) {
    if (sopClasses[uid] !== undefined) throw new Error(`PS3.4: duplicate SOP Class UID ${uid}`);
    sopClasses[uid] = entry;
  }
  return { edition: SOP_CLASSES_EDITION, source: source.name, sha256: source.sha256, generatedBy: GENERATED_BY, sopClasses };
}
