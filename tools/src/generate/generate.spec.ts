import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA_FILES, generateAll } from './generate';
import { DEFAULT_OUT_DIR, SHARED_SNAPSHOT_DIR, run } from './main';

/*
 * These read the committed snapshot of the reference tables (tools/shared-snapshot, a copy
 * of ../shared), so the drift check runs on every checkout. A missing snapshot fails.
 */
describe('generator', () => {
  const temps: string[] = [];
  const temp = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'gantry-generate-'));
    temps.push(dir);
    return dir;
  };
  afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('has the snapshot of the reference inputs to read', () => {
    expect(existsSync(SHARED_SNAPSHOT_DIR)).toBe(true);
  });

  it('is deterministic: two runs write identical files', () => {
    const a = temp();
    const b = temp();
    run({ shared: SHARED_SNAPSHOT_DIR, out: a });
    run({ shared: SHARED_SNAPSHOT_DIR, out: b });
    expect(readdirSync(a).sort()).toEqual([...DATA_FILES].sort());
    for (const name of DATA_FILES) {
      expect(readFileSync(join(b, name), 'utf8')).toBe(readFileSync(join(a, name), 'utf8'));
    }
  });

  it('matches the committed data files (regenerate with npm run build && npm run generate)', () => {
    const fresh = generateAll(SHARED_SNAPSHOT_DIR).files;
    for (const name of DATA_FILES) {
      expect(readFileSync(join(DEFAULT_OUT_DIR, name), 'utf8')).toBe(fresh[name]);
    }
  });

  it('fails when the shared directory is missing', () => {
    expect(() => generateAll(join(temp(), 'nope'))).toThrow('shared directory not found');
  });

  it('summarises counts and what it could not expand', () => {
    const { summary } = generateAll(SHARED_SNAPSHOT_DIR);
    expect(summary).toEqual(
      expect.arrayContaining([
        'confidentiality-profile.json: 621 rules',
        'sop-classes.json: 175 SOP classes',
        expect.stringMatching(/^iod-modules\.json: \d+ IODs, \d+ modules$/),
        expect.stringMatching(/^safe-private\.json: 500 entries/),
      ]),
    );
  });
});
