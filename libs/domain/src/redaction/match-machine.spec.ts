import { DicomBuilder } from '../dicom/builder';
import { isAtRisk } from './at-risk';
import { globMatches } from './glob';
import { matchMachine } from './match-machine';
import { DEFAULT_AT_RISK } from './redaction-defaults';
import { redactionHeader } from './redaction-header';
import type { MachineRule, RedactionHeader } from './redaction-types';

const zone = { x: 0, y: 0, width: 10, height: 10 };
const rule = (id: string, match: Partial<MachineRule['match']>): MachineRule => ({ id, match: { manufacturer: '*', model: '*', serial: '*', ...match }, zones: [zone] });

const US: RedactionHeader = {
  manufacturer: 'GE Healthcare',
  model: 'LOGIQ E9',
  serial: 'LE9-00123',
  rows: 720,
  columns: 960,
  modality: 'US',
  sopClassUid: '1.2.840.10008.5.1.4.1.1.6.1',
  imageType: ['ORIGINAL', 'PRIMARY', 'ABDOMINAL'],
  attribute: (k) => ({ SeriesDescription: 'Liver\\Report', Rows: '720' })[k],
};

describe('globMatches', () => {
  it.each([
    ['GE*', 'GE Healthcare', true],
    ['ge*', 'GE Healthcare', true],
    ['*logiq*', 'LOGIQ E9', true],
    ['GE', 'GE Healthcare', false],
    ['*', '', true],
    ['?E*', 'GE', false], // only * is special
    ['a.b', 'axb', false],
    ['S/N (1)*', 'S/N (1) 7', true],
  ])('%s vs %s', (pattern, value, expected) => {
    expect(globMatches(pattern, value)).toBe(expected);
  });
});

describe('matchMachine', () => {
  it('takes the first rule that matches, in configuration order', () => {
    const rules = [rule('other', { manufacturer: 'SIEMENS*' }), rule('specific', { model: 'LOGIQ*', rows: 720 }), rule('general', { manufacturer: 'GE*' })];
    expect(matchMachine({ machines: rules }, US)?.id).toBe('specific');
    expect(matchMachine({ machines: [rules[2]!, rules[1]!] }, US)?.id).toBe('general');
    expect(matchMachine({ machines: [rules[0]!] }, US)).toBeNull();
  });

  it.each<[string, Partial<MachineRule['match']>, boolean]>([
    ['serial glob', { serial: 'LE9-*' }, true],
    ['wrong serial', { serial: 'X*' }, false],
    ['columns', { columns: 960 }, true],
    ['wrong rows', { rows: 480 }, false],
    ['modality, any case', { modality: 'us' }, true],
    ['SOP class', { sopClass: '1.2.840.10008.5.1.4.1.1.6.1' }, true],
    ['leading Image Type values', { imageType: ['original', 'PRIMARY'] }, true],
    ['Image Type in another order', { imageType: ['PRIMARY'] }, false],
    ['a condition on another attribute', { conditions: { attr: 'SeriesDescription', op: 'endsWith', value: '\\report', ignoreCase: true } }, true],
    ['a case-sensitive condition', { conditions: { attr: 'SeriesDescription', op: 'contains', value: 'report' } }, false],
    ['a regex that must match the whole value', { conditions: { attr: 'SeriesDescription', op: 'matches', value: 'Liver' } }, false],
    ['a whole-value regex', { conditions: { attr: 'SeriesDescription', op: 'matches', value: 'liver.*', ignoreCase: true } }, true],
    ['an absent attribute reads as empty', { conditions: { attr: 'StationName', op: 'equals', value: '' } }, true],
    ['not', { conditions: { not: { attr: 'Rows', op: 'equals', value: '720' } } }, false],
    ['all and any', { conditions: { all: [{ attr: 'Rows', op: 'startsWith', value: '7' }, { any: [{ attr: 'X', op: 'equals', value: 'y' }, { attr: 'Rows', op: 'equals', value: '720' }] }] } }, true],
  ])('%s', (_name, match, expected) => {
    expect(matchMachine({ machines: [rule('r', match)] }, US) !== null).toBe(expected);
  });
});

describe('isAtRisk', () => {
  const config = { atRisk: DEFAULT_AT_RISK };
  it('gives every reason that applies', () => {
    expect(isAtRisk(config, { ...US, burnedInAnnotation: 'YES', sopClassUid: '1.2.840.10008.5.1.4.1.1.7.2' })).toEqual({
      atRisk: true,
      reasons: ['BURNED_IN_ANNOTATION', 'RISKY_MODALITY', 'SECONDARY_CAPTURE'],
    });
  });

  it('clears an image no setting flags, and follows the settings', () => {
    const ct: RedactionHeader = { modality: 'CT', sopClassUid: '1.2.840.10008.5.1.4.1.1.2', burnedInAnnotation: 'NO' };
    expect(isAtRisk(config, ct)).toEqual({ atRisk: false, reasons: [] });
    expect(isAtRisk({ atRisk: { ...DEFAULT_AT_RISK, modalities: ['CT'] } }, ct).reasons).toEqual(['RISKY_MODALITY']);
    expect(isAtRisk({ atRisk: { burnedInAnnotation: false, modalities: [], secondaryCapture: false } }, { ...US, burnedInAnnotation: 'YES' }).atRisk).toBe(false);
    expect(isAtRisk(config, { sopClassUid: '1.2.840.10008.5.1.4.1.1.77' }).atRisk).toBe(false);
  });
});

describe('redactionHeader', () => {
  it('reads the header fields and any attribute as CTP does, file meta included', () => {
    const obj = new DicomBuilder()
      .series({ modality: 'US' })
      .equipment({ manufacturer: 'ACME', model: 'Sono 1', serial: 'S1' })
      .pixels({ rows: 16, columns: 20 })
      .set('ImageType', 'CS', 'ORIGINAL\\PRIMARY')
      .set('WindowWidth', 'DS', [400, 1500])
      .build();
    const h = redactionHeader(obj);
    expect(h).toMatchObject({ manufacturer: 'ACME', model: 'Sono 1', serial: 'S1', rows: 16, columns: 20, modality: 'US', imageType: ['ORIGINAL', 'PRIMARY'] });
    expect(h.attribute?.('WindowWidth')).toBe('400\\1500');
    expect(h.attribute?.('(0028,0010)')).toBe('16');
    expect(h.attribute?.('ImplementationVersionName')).toBe('GANTRY_0_1');
    expect(h.attribute?.('PixelData')).toBeUndefined();
    expect(h.attribute?.('OperatorsName')).toBeUndefined();
  });
});
