import { resolve } from 'node:path';
import { DEFAULT_OUT_DIR, DEFAULT_SHARED_DIR, parseArgs, REPO_ROOT } from './main';

describe('parseArgs', () => {
  it('defaults to ../shared beside the repository and the domain data directory', () => {
    expect(parseArgs([])).toEqual({ shared: DEFAULT_SHARED_DIR, out: DEFAULT_OUT_DIR });
    expect(DEFAULT_SHARED_DIR).toBe(resolve(REPO_ROOT, '..', 'shared'));
    expect(DEFAULT_OUT_DIR).toBe(resolve(REPO_ROOT, 'libs/domain/src/standard/data'));
  });

  it('takes --shared and --out', () => {
    expect(parseArgs(['--shared', '/a', '--out', '/b'])).toEqual({ shared: '/a', out: '/b' });
  });

  it('refuses anything else', () => {
    expect(() => parseArgs(['--shared'])).toThrow('usage');
    expect(() => parseArgs(['x'])).toThrow('usage');
  });
});
