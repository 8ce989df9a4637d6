import { KeyRing } from '@gantry/domain';
import { MapCipher } from './map-cipher';
import { PseudonymMapKeyError } from './pseudonym-map-key.error';
import { csvField, mappingCsv } from './mapping-csv';

const ring = (byte: number): KeyRing => new KeyRing(new Uint8Array(32).fill(byte));

describe('MapCipher', () => {
  it('seals an original so that only the same deployment key opens it, bound to its row', () => {
    const cipher = new MapCipher(ring(1));
    const lookup = cipher.lookup('patient-id', 'MRN-1');
    const sealed = cipher.encrypt('patient-id', lookup, 'MRN-1');
    expect(sealed).not.toContain('MRN');
    expect(cipher.decrypt('patient-id', lookup, sealed)).toBe('MRN-1');
    // A fresh IV each time, and the lookup hash is keyed and deterministic.
    expect(cipher.encrypt('patient-id', lookup, 'MRN-1')).not.toBe(sealed);
    expect(cipher.lookup('patient-id', 'MRN-1')).toBe(lookup);
    expect(new MapCipher(ring(2)).lookup('patient-id', 'MRN-1')).not.toBe(lookup);
    expect(() => new MapCipher(ring(2)).decrypt('patient-id', lookup, sealed)).toThrow(PseudonymMapKeyError);
    expect(() => cipher.decrypt('uid', lookup, sealed)).toThrow(PseudonymMapKeyError);
    expect(() => cipher.decrypt('patient-id', cipher.lookup('patient-id', 'other'), sealed)).toThrow(PseudonymMapKeyError);
  });
});

describe('mapping CSV', () => {
  it('writes the MIDI-B header and RFC 4180 fields', async () => {
    async function* pairs() {
      yield { original: 'A,B', pseudonym: 'P1' };
      yield { original: 'say "hi"', pseudonym: 'P2' };
      yield { original: '1.2.3', pseudonym: '2.25.4' };
    }
    const lines: string[] = [];
    for await (const l of mappingCsv('patient-id', pairs())) lines.push(l);
    expect(lines).toEqual(['id_old,id_new', '"A,B",P1', '"say ""hi""",P2', '1.2.3,2.25.4']);
    const uid: string[] = [];
    for await (const l of mappingCsv('uid', pairs())) uid.push(l);
    expect(uid[0]).toBe('uid_old,uid_new');
    expect(csvField(' lead')).toBe('" lead"');
  });
});
