import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_SNAPSHOT_DIR } from './main';
import { buildProfile, OPTION_COLUMNS, profileTag } from './profile';
import { SOURCE_PATHS, type SourceFile } from './sources';

const source = (rows: unknown): SourceFile => ({ name: 't.json', text: JSON.stringify(rows), sha256: 'x' });
const row = { name: 'Patient ID', tag: '(0010,0020)', id: '00100020', stdCompIOD: 'Y', basicProfile: 'Z' };

describe('buildProfile', () => {
  it('maps every option column to its option name', () => {
    const options = Object.fromEntries(Object.keys(OPTION_COLUMNS).map((c) => [c, 'K']));
    const [rule] = buildProfile(source([{ ...row, ...options }])).rules;
    expect(Object.keys(rule?.options ?? {}).sort()).toEqual(Object.values(OPTION_COLUMNS).sort());
  });

  it('carries every option value of the real table to the right option', () => {
    const rows = JSON.parse(readFileSync(join(SHARED_SNAPSHOT_DIR, SOURCE_PATHS.profile), 'utf8')) as Record<string, string>[];
    const text = JSON.stringify(rows);
    const byTag = new Map(buildProfile({ name: 'e', text, sha256: 'x' }).rules.map((r) => [r.tag, r]));
    for (const r of rows) {
      const rule = byTag.get(profileTag(r['tag'] as string));
      expect(rule?.basic).toBe(r['basicProfile']);
      for (const [column, option] of Object.entries(OPTION_COLUMNS)) expect(rule?.options[option]).toBe(r[column]);
    }
  });

  it('writes tags as GGGGEEEE, repeating groups as masks and the private row as PRIVATE', () => {
    expect(profileTag('(0008,002a)')).toBe('0008002A');
    expect(profileTag('(50xx,xxxx)')).toBe('50XXXXXX');
    expect(profileTag('(60XX,4000)')).toBe('60XX4000');
    expect(profileTag('(gggg,eeee) where gggg is odd')).toBe('PRIVATE');
    expect(() => profileTag('(0010,001)')).toThrow('unreadable tag');
  });

  it('fails on unknown columns, action codes and duplicates rather than guessing', () => {
    expect(() => buildProfile(source([{ ...row, newOpt: 'K' }]))).toThrow('unknown column');
    expect(() => buildProfile(source([{ ...row, basicProfile: 'Q' }]))).toThrow('unknown action code');
    expect(() => buildProfile(source([row, row]))).toThrow('duplicate');
    expect(() => buildProfile(source([{ ...row, stdCompIOD: 'y' }]))).toThrow('stdCompIOD');
  });
});
