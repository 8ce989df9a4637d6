import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One reference input: its text, the file name recorded in outputs, and its sha256. */
export interface SourceFile {
  readonly name: string;
  readonly text: string;
  readonly sha256: string;
}

/** Input paths relative to the shared directory; outputs record only the base name. */
export const SOURCE_PATHS = {
  profile: 'standard/ps3.15-table-e1-1.json',
  modules: 'standard/ps3.3-modules-2008.xml',
  sopClasses: 'standard/ps3.4-sop-classes.json',
  privateDictionary: 'reference/ctp/PrivateTagDictionary.xml',
} as const;

export type SourceKey = keyof typeof SOURCE_PATHS;
export type Sources = Readonly<Record<SourceKey, SourceFile>>;

function readSource(sharedDir: string, relPath: string): SourceFile {
  const full = join(sharedDir, relPath);
  // Hash the bytes, not the decoded text, so the recorded checksum matches `sha256sum`.
  const bytes = readFileSync(full);
  const name = relPath.slice(relPath.lastIndexOf('/') + 1);
  return { name, text: bytes.toString('utf8'), sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Read every input; a missing directory or file is an error, never an empty table. */
export function readSources(sharedDir: string): Sources {
  if (!existsSync(sharedDir)) throw new Error(`shared directory not found: ${sharedDir}`);
  return {
    profile: readSource(sharedDir, SOURCE_PATHS.profile),
    modules: readSource(sharedDir, SOURCE_PATHS.modules),
    sopClasses: readSource(sharedDir, SOURCE_PATHS.sopClasses),
    privateDictionary: readSource(sharedDir, SOURCE_PATHS.privateDictionary),
  };
}

export const GENERATED_BY = 'tools/src/generate/main.ts';
