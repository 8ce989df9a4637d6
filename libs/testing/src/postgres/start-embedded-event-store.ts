import { KeyRing } from '@gantry/domain';
import { createEventStore, defaultEmbeddedTemplateRoot, ensureEmbeddedTemplate, PostgresEventStore } from '@gantry/platform';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface EmbeddedTestEventStore {
  store: PostgresEventStore;
  keyRing: KeyRing;
  /** The temp directory holding PGlite's files (removed by close). */
  dataDir: string;
  close(): Promise<void>;
}

/**
 * An event store on embedded PGlite in a fresh temp directory, migrated and ready. Each
 * call starts its own PGlite worker (about a second once the template exists).
 */
export async function startEmbeddedEventStore(options: { keyRing?: KeyRing; schema?: string } = {}): Promise<EmbeddedTestEventStore> {
  const keyRing = options.keyRing ?? new KeyRing(randomBytes(32));
  // Shared by every test process: copied instead of running initdb (~6 s) each time.
  const template = await ensureEmbeddedTemplate(defaultEmbeddedTemplateRoot());
  const dataDir = mkdtempSync(join(tmpdir(), 'gantry-test-pglite-'));
  try {
    const store = await createEventStore({ embedded: { dataDir, template } }, keyRing, { schema: options.schema });
    return {
      store,
      keyRing,
      dataDir,
      close: async () => {
        await store.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
}
