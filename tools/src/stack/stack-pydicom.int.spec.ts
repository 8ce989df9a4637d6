import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { STAGES, StageName } from '@gantry/stages';
import { createTestDatabase, TestDatabase, testNatsUrl } from '@gantry/testing';
import { gantry, RunJson } from '../e2e/support/cli';
import { PYDICOM_FILES } from '../e2e/support/corpus';
import { RunningStack, startStack } from './stack';

jest.setTimeout(600_000);


const counts = (s: RunJson) => ({
  ingested: s.ingested, rejected: s.rejected, duplicates: s.duplicates, exported: s.exported, blocked: s.blocked, held: s.held, reasons: s.reasons,
});

/** Every .dcm under `dir`, relative: the export layout uses pseudonyms only, so both runs must agree. */
async function exportedFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.dcm')).map((e) => join(e.parentPath, e.name).slice(dir.length)).sort();
}

/**
 * Acceptance of issue 6: `npm run stack` plus `gantry run --out …` through it completes on
 * the pydicom test files with the same counts as the embedded default. Same key for both,
 * so the pseudonymous export layout must be identical too.
 */
describe('gantry run through the stack (six services) equals the embedded run over the pydicom files', () => {
  let root: string;
  let db: TestDatabase;
  let stack: RunningStack | undefined;
  const id = Math.random().toString(16).slice(2, 10);
  const stream = `SPY_${id.toUpperCase()}`;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'gantry-stack-pydicom-'));
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await stack?.stop();
    const nc = await connect({ servers: testNatsUrl() });
    await (await jetstreamManager(nc)).streams.delete(stream).catch(() => false);
    await nc.close();
    await db?.drop();
    await rm(root, { recursive: true, force: true });
  });

  it('accounts for every file with the same counts, reasons and export layout', async () => {
    const embedded = await gantry(['run', PYDICOM_FILES, '--out', join(root, 'embedded-out'), '--data', join(root, 'embedded'), '--json']);
    expect({ code: embedded.code, stderr: embedded.code === 0 ? '' : embedded.stderr }).toEqual({ code: 0, stderr: '' });
    const key = join(root, 'embedded', 'key');

    // The same deployment key as the embedded run: the stack keeps an existing <dir>/key.
    await mkdir(join(root, 'stack'), { recursive: true });
    await copyFile(key, join(root, 'stack', 'key'));
    await chmod(join(root, 'stack', 'key'), 0o600);
    const replicas = Object.fromEntries(STAGES.map((s) => [s, 1])) as Record<StageName, number>;
    stack = await startStack(
      {
        dir: join(root, 'stack'), databaseUrl: db.url, natsUrl: testNatsUrl(), stream, prefix: `spy${id}`,
        s3Port: 0, bucket: 'gantry', httpPort: 0, scpPort: 0, replicas, json: true,
      },
      (r, code) => void process.stderr.write(`stack replica ${r.stage}-${r.index} exited (${String(code)})\n`),
    );

    const viaStack = await gantry(['run', PYDICOM_FILES, '--out', join(root, 'stack-out'), '--json'], stack.env, 540_000);
    expect({ code: viaStack.code, stderr: viaStack.code === 0 ? '' : viaStack.stderr }).toEqual({ code: 0, stderr: '' });
    const [a, b] = [JSON.parse(embedded.stdout) as RunJson, JSON.parse(viaStack.stdout) as RunJson];
    expect(a.ingested + a.rejected + a.duplicates).toBeGreaterThan(150);
    expect(a.exported).toBeGreaterThan(50);
    expect(counts(b)).toEqual(counts(a));
    expect(await exportedFiles(join(root, 'stack-out'))).toEqual(await exportedFiles(join(root, 'embedded-out')));
    const manifest = JSON.parse(await readFile(join(root, 'stack-out', 'manifest.json'), 'utf8')) as { files: unknown[] };
    expect(manifest.files).toHaveLength(b.exported);
  });
});
