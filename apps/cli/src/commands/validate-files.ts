import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DicomParseError, parseDicom, Problem, validateIod } from '@gantry/domain';

export type FileValidation =
  | { path: string; sopClassUid: string | null; problems: Problem[] }
  | { path: string; error: string };

/** Every regular file under the given paths, recursively, in a stable order. */
export async function* filesUnder(paths: readonly string[]): AsyncGenerator<string> {
  for (const p of paths) {
    const info = await stat(p);
    if (info.isFile()) yield p;
    else if (info.isDirectory()) for (const name of (await readdir(p)).sort()) yield* filesUnder([join(p, name)]);
  }
}

/**
 * One file's Type 1 and Type 2 problems against its IOD (PS3.3 2008 module tables). An
 * unreadable file gets the parser's error code. Problems name paths and modules only.
 */
export async function validateFile(path: string): Promise<FileValidation> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    return { path, error: 'READ_ERROR' };
  }
  try {
    const { dataset } = parseDicom(bytes);
    return { path, sopClassUid: dataset.string('SOPClassUID') ?? null, problems: validateIod(dataset) };
  } catch (e) {
    return { path, error: e instanceof DicomParseError ? e.code : 'NOT_DICOM' };
  }
}
