import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDicom } from '@gantry/domain';

export const PYDICOM_FILES = '/usr/lib/python3/dist-packages/pydicom/data/test_files';

/** Every regular file under a folder, recursively (what `gantry import` must account for). */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const path = join(dir, name);
    const info = await stat(path);
    if (info.isDirectory()) out.push(...(await listFiles(path)));
    else if (info.isFile()) out.push(path);
  }
  return out;
}

/**
 * Patient names (and their components) and IDs found in the readable files of a folder: the
 * values that must never appear in events or logs. Short purely numeric IDs are left out, as
 * they occur by chance inside hex keys; everything else is searched verbatim.
 */
export async function identifyingValues(dir: string): Promise<string[]> {
  const values = new Set<string>();
  for (const file of await listFiles(dir)) {
    let ds;
    try {
      ds = parseDicom(await readFile(file), { untilPixelData: true }).dataset;
    } catch {
      continue;
    }
    const name = ds.string('PatientName') ?? '';
    const id = ds.string('PatientID') ?? '';
    for (const v of [name, ...name.split(/[\^=]/), id]) {
      const t = v.trim();
      if (t.length >= 4 && !/^\d{1,9}$/.test(t)) values.add(t);
    }
  }
  return [...values];
}
