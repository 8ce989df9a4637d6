import { stableJson } from './json-out';

describe('stableJson', () => {
  it('sorts object keys at every depth and keeps array order', () => {
    expect(stableJson({ b: 1, a: { d: [3, 1], c: null } }, 0)).toBe('{"a":{"c":null,"d":[3,1]},"b":1}\n');
  });

  it('lays out the first levels one member per line', () => {
    expect(stableJson({ z: [{ y: 1, x: 2 }], a: 'v' }, 2)).toBe('{\n  "a": "v",\n  "z": [\n    {"x":2,"y":1}\n  ]\n}\n');
  });

  it('drops undefined members and refuses undefined values', () => {
    expect(stableJson({ a: undefined, b: 1 }, 0)).toBe('{"b":1}\n');
    expect(() => stableJson([undefined], 0)).toThrow('undefined');
  });
});
