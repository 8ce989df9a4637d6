import { GANTRY_IMPLEMENTATION_CLASS_UID, GANTRY_IMPLEMENTATION_VERSION_NAME, uidFromSeed } from './uids';

const UID_RE = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/;

describe('UIDs', () => {
  it('has a valid 2.25 implementation class UID and a 16-character version name', () => {
    expect(GANTRY_IMPLEMENTATION_CLASS_UID).toMatch(/^2\.25\./);
    expect(GANTRY_IMPLEMENTATION_CLASS_UID).toMatch(UID_RE);
    expect(GANTRY_IMPLEMENTATION_CLASS_UID.length).toBeLessThanOrEqual(64);
    expect(GANTRY_IMPLEMENTATION_VERSION_NAME.length).toBeLessThanOrEqual(16);
  });

  it('derives stable, valid, distinct UIDs from seeds', () => {
    const a = uidFromSeed('seed-a');
    expect(uidFromSeed('seed-a')).toBe(a);
    expect(uidFromSeed('seed-b')).not.toBe(a);
    for (let i = 0; i < 200; i++) {
      const uid = uidFromSeed(`s${i}`);
      expect(uid).toMatch(UID_RE);
      expect(uid.length).toBeLessThanOrEqual(44);
      // A version 8 / RFC 4122 variant UUID: nibble 13 is 8, nibble 17 is 8-b.
      const hex = BigInt(uid.slice(5)).toString(16).padStart(32, '0');
      expect(hex[12]).toBe('8');
      expect('89ab').toContain(hex[16]);
    }
  });
});
