import { blobKey } from '@gantry/domain';
import { assertBlobKey, assertBlobPrefix, assertRangeLength } from './blob-key';

describe('blob key guard', () => {
  it('accepts the keys the domain builds', () => {
    expect(() => assertBlobKey(blobKey('raw', 'ab'.repeat(32)))).not.toThrow();
    expect(() => assertBlobKey('quarantine/0f/x_y-z.bin')).not.toThrow();
  });

  it.each(['', '/a', 'a/', 'a//b', '../a', 'a/..', 'a/./b', '.tmp/a', 'a/.hidden', 'a b', 'a\\b', 'é', 'a'.repeat(1025)])(
    'refuses %j',
    (key) => {
      expect(() => assertBlobKey(key)).toThrow(expect.objectContaining({ code: 'BLOB_KEY_INVALID' }));
    },
  );

  it('accepts key beginnings as prefixes and refuses traversal', () => {
    for (const prefix of ['', 'raw/', 'raw/a', 'raw/ab/', 'r']) expect(() => assertBlobPrefix(prefix)).not.toThrow();
    for (const prefix of ['/', '../', 'raw//', '.tmp/', 'raw/..']) {
      expect(() => assertBlobPrefix(prefix)).toThrow(expect.objectContaining({ code: 'BLOB_PREFIX_INVALID' }));
    }
  });

  it('accepts only non-negative integer range lengths', () => {
    expect(() => assertRangeLength(0)).not.toThrow();
    for (const n of [-1, 1.5, Number.NaN, Infinity]) {
      expect(() => assertRangeLength(n)).toThrow(expect.objectContaining({ code: 'BLOB_RANGE_INVALID' }));
    }
  });
});
