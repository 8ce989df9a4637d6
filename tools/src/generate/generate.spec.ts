import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA_FILES, generateAll } from './generate';
import { DEFAULT_OUT_DIR, DEFAULT_SHARED_DIR, run } from './main';

/*
 * These read the reference tables in ../shared, which dev and CI checkouts have. A
 * missing directory fails the suite: a skipped drift check would hide stale data.
 */
describe('generator', () => {
  const temps: string[] = [];
  const temp = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'gantry-generate-'));
    temps.push(dir);
    return dir;
  };
  afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('has the shared reference directory to read', () => {
    expect(existsSync(DEFAULT_SHARED_DIR)).toBe(true);
  });

  it('is deterministic: two runs write identical files', () => {
    const a = temp();
    const b = temp();
    run({ shared: DEFAULT_SHARED_DIR, out: a });
    run({ shared: DEFAULT_SHARED_DIR, out: b });
    expect(readdirSync(a).sort()).toEqual([...DATA_FILES].sort());
    for (const name of DATA_FILES) {
      expect(readFileSync(join(b, name), 'utf8')).toBe(readFileSync(join(a, name), 'utf8'));
    }
  });

  it('matches the committed data files (regenerate with npm run build && npm run generate)', () => {
    const fresh = generateAll(DEFAULT_SHARED_DIR).files;
    for (const name of DATA_FILES) {
      expect(readFileSync(join(DEFAULT_OUT_DIR, name), 'utf8')).toBe(fresh[name]);
    }
  });

  it('fails when the shared directory is missing', () => {
    expect(() => generateAll(join(temp(), 'nope'))).toThrow('shared directory not found');
  });

  it('summarises counts and what it could not expand', () => {
    const { summary } = generateAll(DEFAULT_SHARED_DIR);
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
