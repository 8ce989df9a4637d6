import { KeyRing } from './key-ring';

describe('KeyRing', () => {
  const a = new KeyRing(Buffer.alloc(32, 1));
  const b = new KeyRing(Buffer.alloc(32, 2));

  it('is deterministic per secret and differs across secrets', () => {
    expect(a.instanceKey('1.2.3')).toBe(new KeyRing(Buffer.alloc(32, 1)).instanceKey('1.2.3'));
    expect(a.instanceKey('1.2.3')).not.toBe(b.instanceKey('1.2.3'));
    expect(a.instanceKey('1.2.3')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('separates purposes', () => {
    expect(a.opaque('instance', 'x')).not.toBe(a.opaque('patient', 'x'));
  });

  it('refuses short secrets', () => {
    expect(() => new KeyRing(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});
