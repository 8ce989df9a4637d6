import { confidentialityRules, ruleForTag } from './confidentiality';
import { PROFILE_OPTIONS } from './types';

describe('confidentialityRules', () => {
  it('records its provenance and holds every row of Table E.1-1 (2024b)', () => {
    const rules = confidentialityRules();
    expect(rules.edition).toBe('2024b');
    expect(rules.source).toBe('ps3.15-table-e1-1.json');
    expect(rules.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(rules.rules).toHaveLength(621);
  });

  it('finds exact rows by tag in any accepted spelling', () => {
    expect(ruleForTag('00100010')).toMatchObject({ name: "Patient's Name", basic: 'Z', options: {} });
    expect(ruleForTag('(0008,0050)')).toMatchObject({ name: 'Accession Number', basic: 'Z' });
    expect(ruleForTag('0008002a')).toMatchObject({ basic: 'X/Z/D' });
    expect(ruleForTag('00080018')?.stdCompIOD).toBe(true);
  });

  it('maps every option column to its option name', () => {
    const cases: [string, Record<string, string>][] = [
      ['00080018', { retainUIDs: 'K' }],
      ['00181000', { retainDeviceIdentity: 'K' }],
      ['00080080', { retainInstitutionIdentity: 'K' }],
      ['00100040', { retainPatientCharacteristics: 'K' }],
      ['00080020', { retainLongitudinalFullDates: 'K', retainLongitudinalModifiedDates: 'C' }],
      ['00081030', { cleanDescriptors: 'C' }],
      ['00400555', { cleanStructuredContent: 'C' }],
      ['00700001', { cleanGraphics: 'C' }],
      ['00191010', { retainSafePrivate: 'C' }],
    ];
    for (const [tag, options] of cases) expect(ruleForTag(tag)?.options).toEqual(options);
    const used = new Set(confidentialityRules().rules.flatMap((r) => Object.keys(r.options)));
    expect([...used].sort()).toEqual([...PROFILE_OPTIONS].sort());
  });

  it('matches (50xx,xxxx) curve rows only in the even groups 5000-501E', () => {
    expect(ruleForTag('50000010')?.name).toBe('Curve Data');
    expect(ruleForTag('501E3000')?.name).toBe('Curve Data');
    expect(ruleForTag('50203000')).toBeUndefined();
    // An odd 50xx group is private, not a curve.
    expect(ruleForTag('50013000')?.tag).toBe('PRIVATE');
  });

  it('matches (60xx,4000) and (60xx,3000) overlay rows, and no other overlay element', () => {
    expect(ruleForTag('60004000')?.name).toBe('Overlay Comments');
    expect(ruleForTag('601E3000')?.name).toBe('Overlay Data');
    expect(ruleForTag('60023000')).toMatchObject({ basic: 'X', options: { cleanGraphics: 'C' } });
    expect(ruleForTag('60203000')).toBeUndefined();
    expect(ruleForTag('60000010')).toBeUndefined();
  });

  it('answers the private row for any odd group, creators included', () => {
    const priv = confidentialityRules().privateAttributes;
    expect(priv).toMatchObject({ tag: 'PRIVATE', basic: 'X', options: { retainSafePrivate: 'C' } });
    expect(ruleForTag('00090010')).toBe(priv);
    expect(ruleForTag('7FE11010')).toBe(priv);
  });

  it('has no row for attributes the table does not list', () => {
    expect(ruleForTag('00280010')).toBeUndefined();
  });

  it('rejects what is not a tag', () => {
    expect(() => ruleForTag('PatientName')).toThrow('not a tag');
  });
});
