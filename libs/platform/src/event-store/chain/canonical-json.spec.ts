import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every level and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('is independent of key order, as jsonb reorders keys', () => {
    expect(canonicalJson({ size: 1, key: 'k', nested: { b: 2, a: 1 } })).toBe(canonicalJson({ nested: { a: 1, b: 2 }, key: 'k', size: 1 }));
  });

  it('follows JSON.stringify for values JSON cannot carry', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, Number.NaN, Infinity], c: null })).toBe('{"b":[null,null,null],"c":null}');
    expect(canonicalJson({ at: new Date('2025-01-02T03:04:05.000Z') })).toBe('{"at":"2025-01-02T03:04:05.000Z"}');
    expect(canonicalJson('a"\u00e9\n')).toBe(JSON.stringify('a"\u00e9\n'));
  });

  it('refuses what has no JSON form', () => {
    expect(() => canonicalJson(undefined)).toThrow(/no JSON representation/);
    expect(() => canonicalJson({ n: 1n })).toThrow(/bigint/);
    const deep: Record<string, unknown> = {};
    let cursor = deep;
    for (let i = 0; i < 100; i += 1) cursor = (cursor['x'] = {}) as Record<string, unknown>;
    expect(() => canonicalJson(deep)).toThrow(/nested too deeply/);
  });
});
