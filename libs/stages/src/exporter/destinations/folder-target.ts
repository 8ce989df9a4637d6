import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { assertRelativeLocation, FolderDestination } from '@gantry/domain';
import { DestinationConfigError, DestinationUnavailableError } from './destination-errors';
import { ExportItem, ExportTarget, WriteResult } from './export-target';

const sha256Of = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** The file already holds exactly these bytes: a redelivery has nothing to do. */
async function sameContent(path: string, sha256: string): Promise<boolean> {
  try {
    return sha256Of(await readFile(path)) === sha256;
  } catch {
    return false;
  }
}

/** Writes and fsyncs a temp file beside the target, so the rename never crosses a filesystem. */
async function writeTemp(path: string, bytes: Uint8Array): Promise<string> {
  const temp = join(dirname(path), `.${randomUUID()}.part`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return temp;
}

/**
 * A folder export: each object under its layout location, written to a temp file and
 * renamed over the target, so a reader (or a crash) sees the old file or the whole new
 * one, never half a file. Temp names start with a dot, which no layout segment can.
 */
export class FolderTarget implements ExportTarget {
  readonly kind = 'folder' as const;
  readonly name: string;
  readonly root: string;

  constructor(destination: FolderDestination) {
    this.name = destination.name;
    this.root = resolve(destination.path);
  }

  async write(item: ExportItem): Promise<WriteResult> {
    const path = this.pathOf(item.location);
    if (await sameContent(path, item.sha256)) return { location: item.location };
    try {
      await mkdir(dirname(path), { recursive: true });
      const temp = await writeTemp(path, item.bytes);
      await rename(temp, path).catch(async (e: unknown) => {
        await rm(temp, { force: true });
        throw e;
      });
      return { location: item.location };
    } catch (e) {
      throw new DestinationUnavailableError('FOLDER_WRITE_FAILED', `cannot write to export folder ${this.name}`, { cause: e });
    }
  }

  /** The absolute path of a location; checked again so no location can leave the root. */
  pathOf(location: string): string {
    assertRelativeLocation(location);
    const path = resolve(this.root, ...location.split('/'));
    if (!path.startsWith(this.root + sep)) throw new DestinationConfigError('LOCATION_OUTSIDE_ROOT', 'location leaves the export folder');
    return path;
  }

  async close(): Promise<void> {
    // Nothing held open between writes.
  }
}
