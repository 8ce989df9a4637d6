import { isSafePrivate, safePrivateEntries, safePrivateEntry } from './safe-private';

describe('safe private attributes', () => {
  it('holds the code K elements of the CTP dictionary', () => {
    expect(safePrivateEntries()).toHaveLength(500);
  });

  it('finds an element by creator, odd group and element byte', () => {
    expect(safePrivateEntry('GEMS_ACQU_01', 0x0019, 0x04)).toEqual({
      creator: 'GEMS_ACQU_01',
      group: '0019',
      element: '04',
      vr: 'DS',
      keyword: 'CellSpacing',
    });
    expect(isSafePrivate('GEMS_ACQU_01', 0x0019, 0x0f)).toBe(true);
    expect(isSafePrivate('BrainWave: 1.2.840.113819.3', 0x2001, 0x31)).toBe(true);
  });

  it('ignores the padding of the creator value but not its case', () => {
    expect(isSafePrivate(' GEMS_ACQU_01 ', 0x0019, 0x04)).toBe(true);
    expect(isSafePrivate('gems_acqu_01', 0x0019, 0x04)).toBe(false);
  });

  it('refuses elements CTP does not mark K, other groups, other creators and bad input', () => {
    expect(isSafePrivate('GEMS_ACQU_01', 0x0019, 0x02)).toBe(false); // code KB
    expect(isSafePrivate('GEMS_ACQU_01', 0x0021, 0x04)).toBe(false);
    expect(isSafePrivate('GEMS_ACQU_02', 0x0019, 0x04)).toBe(false);
    expect(isSafePrivate('GEMS_ACQU_01', 0x0018, 0x04)).toBe(false);
    expect(isSafePrivate('GEMS_ACQU_01', 0x0019, 0x104)).toBe(false);
    expect(isSafePrivate('GEMS_ACQU_01', 0x0019, 1.5)).toBe(false);
  });
});
