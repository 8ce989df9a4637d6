import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { importCtpScript, type CtpLibraryData } from '@gantry/domain';
import { stableJson } from './json-out';

/** The script inside the shared reference directory, and the data file derived from it. */
export const CTP_SCRIPT = 'reference/ctp/DicomPixelAnonymizer.script';
const REPO_ROOT = resolve(__dirname, '../../..');
export const CTP_LIBRARY_FILE = join(REPO_ROOT, 'libs/domain/src/redaction/ctp/ctp-pixel-library.json');
const DEFAULT_SHARED = resolve(REPO_ROOT, '../shared');
const GENERATED_BY = 'tools/src/generate/ctp-library.ts';

/** dd-mm-yyyy dates that contributors put beside their entries. */
const DATED = /\b(\d{2})-(\d{2})-(\d{4})\b/g;

/**
 * The script carries no version. Its newest dated entry (contributors date their
 * additions) names the edition well enough to tell two copies apart; the sha256 is exact.
 */
export function ctpEdition(text: string): string {
  const dates = [...text.matchAll(DATED)].map((m) => `${m[3]}-${m[2]}-${m[1]}`).sort();
  const newest = dates[dates.length - 1];
  return `RSNA CTP DicomPixelAnonymizer.script (unversioned${newest ? `; newest dated entry ${newest}` : ''})`;
}

/** The library data file's content for the script's bytes. Fails if any signature did not convert. */
export function buildCtpLibrary(bytes: Buffer): { json: string; data: CtpLibraryData } {
  const text = bytes.toString('utf8');
  const result = importCtpScript(text);
  const data: CtpLibraryData = {
    source: 'DicomPixelAnonymizer.script',
    edition: ctpEdition(text),
    sha256: createHash('sha256').update(bytes).digest('hex'),
    generatedBy: GENERATED_BY,
    signatures: result.signatures,
    machines: result.machines,
    unsupported: result.unsupported,
  };
  return { json: stableJson(data, 2), data };
}

/** Reads the script from the shared directory (a missing file is an error, never an empty library). */
export function readCtpScript(sharedDir: string = DEFAULT_SHARED): Buffer {
  const path = join(sharedDir, CTP_SCRIPT);
  if (!existsSync(path)) throw new Error(`CTP script not found: ${path}`);
  return readFileSync(path);
}

if (require.main === module) {
  try {
    const i = process.argv.indexOf('--shared');
    const shared = i >= 0 && process.argv[i + 1] ? resolve(process.argv[i + 1] as string) : DEFAULT_SHARED;
    const { json, data } = buildCtpLibrary(readCtpScript(shared));
    writeFileSync(CTP_LIBRARY_FILE, json);
    process.stdout.write(`${CTP_LIBRARY_FILE}: ${data.machines.length} rules of ${data.signatures} signatures, ${data.unsupported.length} unsupported (sha256 ${data.sha256})\n`);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}
