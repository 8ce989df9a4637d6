import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { FolderDestination, MANIFEST_CSV, MANIFEST_JSON, manifestCsv, manifestEntries, ManifestEntry, manifestJson } from '@gantry/domain';
import { EventStore, GantryLogger, PostgresEventStore, safe, SQL, Sql, StructuredLogger } from '@gantry/platform';
import { exportedTo } from './export.queries';

/**
 * Written to a temp file and renamed, so a reader never sees half a manifest; left alone
 * when it already says exactly this (a repeated run changes nothing).
 */
async function writeAtomically(path: string, text: string): Promise<void> {
  if ((await readFile(path, 'utf8').catch(() => null)) === text) return;
  const temp = `${path}.${randomUUID()}.part`;
  try {
    const handle = await open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}

/**
 * A rewrite reads every export of the destination, so it waits until exports have paused
 * for SETTLE_MS, or at most MAX_WAIT_MS while they keep coming: a steady stream costs one
 * rewrite a minute, not one per object.
 */
const SETTLE_MS = 2_000;
const MAX_WAIT_MS = 60_000;

/**
 * The manifest beside a folder export (manifest.json and manifest.csv in its root): every
 * file the destination holds, with its sha256, from the destination's Exported events.
 * The events are the record; the manifest is rebuilt from them whole each time. The
 * exporter schedules a rewrite after each folder export (so a service keeps its folders'
 * manifests current); the command line writes one when a run ends. Writes to one
 * destination are serialized, so a slower earlier rewrite never lands over a later one.
 */
@Injectable()
export class ManifestService implements BeforeApplicationShutdown {
  private readonly log: StructuredLogger;
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly pending = new Map<string, { timer: NodeJS.Timeout; since: number; destination: FolderDestination }>();

  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly store: EventStore,
    logger: GantryLogger,
  ) {
    this.log = logger.forContext('ManifestService');
  }

  /** Rewrites the destination's manifest once exports to it have paused (or MAX_WAIT_MS has passed). */
  schedule(destination: FolderDestination): void {
    const prior = this.pending.get(destination.name);
    const since = prior?.since ?? Date.now();
    clearTimeout(prior?.timer);
    const wait = Math.max(0, Math.min(SETTLE_MS, since + MAX_WAIT_MS - Date.now()));
    const timer = setTimeout(() => this.flush(destination.name), wait);
    timer.unref();
    this.pending.set(destination.name, { timer, since, destination });
  }

  /** Scheduled rewrites happen now, while the store is still open. */
  async beforeApplicationShutdown(): Promise<void> {
    for (const name of [...this.pending.keys()]) this.flush(name);
    await Promise.allSettled([...this.queues.values()]);
  }

  private flush(name: string): void {
    const p = this.pending.get(name);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(name);
    this.write(p.destination).catch((e: unknown) => this.log.warn('manifest not written', { destination: safe(name), err: e instanceof Error ? e : null }));
  }

  async entries(destination: string): Promise<ManifestEntry[]> {
    const rows = await exportedTo(this.sql, (this.store as PostgresEventStore).schema, destination);
    return manifestEntries(
      rows.flatMap((r) =>
        r.location === null ? [] : [{ path: r.location, sha256: r.sha256, size: r.size, instanceKey: r.key, exportedAt: r.time, configVersion: r.configVersion }],
      ),
    );
  }

  write(destination: FolderDestination): Promise<{ files: number; json: string; csv: string }> {
    const next = (this.queues.get(destination.name) ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.writeNow(destination));
    this.queues.set(destination.name, next);
    return next;
  }

  private async writeNow(destination: FolderDestination): Promise<{ files: number; json: string; csv: string }> {
    const entries = await this.entries(destination.name);
    const root = resolve(destination.path);
    await mkdir(root, { recursive: true });
    const json = join(root, MANIFEST_JSON);
    const csv = join(root, MANIFEST_CSV);
    await writeAtomically(json, manifestJson(destination.name, entries));
    await writeAtomically(csv, manifestCsv(entries));
    return { files: entries.length, json, csv };
  }
}
