import { DEFAULT_AT_RISK, RedactionConfig, RedactionHeader } from '@gantry/domain';
import { decideRedaction } from './redaction-decision';

const header = (over: Partial<RedactionHeader> = {}): RedactionHeader => ({
  manufacturer: 'ACME', model: 'M1', serial: 'S1', rows: 480, columns: 640, modality: 'US', sopClassUid: '1.2.840.10008.5.1.4.1.1.6.1',
  imageType: ['ORIGINAL', 'PRIMARY'], burnedInAnnotation: '', attribute: () => undefined, ...over,
});
const config = (machines: RedactionConfig['machines']): RedactionConfig => ({ machines, atRisk: DEFAULT_AT_RISK });
const zone = { x: 0, y: 0, width: 640, height: 40 };

describe('decideRedaction', () => {
  it('holds an at-risk image that no rule matches, with its risk codes', () => {
    expect(decideRedaction(config([]), header({ burnedInAnnotation: 'YES' }))).toEqual({ kind: 'hold', reason: 'NO_MATCHING_RULE', risk: ['BURNED_IN_ANNOTATION', 'RISKY_MODALITY'] });
  });

  it('passes an image that is not at risk and has no rule', () => {
    expect(decideRedaction(config([]), header({ modality: 'CT', sopClassUid: '1.2.840.10008.5.1.4.1.1.2' }))).toEqual({ kind: 'pass', ruleId: null, risk: [] });
  });

  it('applies the FIRST matching rule, named by its id or its position', () => {
    const rules = config([
      { match: { manufacturer: 'OTHER', model: '*', serial: '*' }, zones: [zone] },
      { match: { manufacturer: 'AC*', model: '*', serial: '*', rows: 480 }, zones: [zone], fill: 7 },
      { id: 'later', match: { manufacturer: '*', model: '*', serial: '*' }, zones: [] },
    ]);
    expect(decideRedaction(rules, header())).toEqual({ kind: 'redact', ruleId: 'machines.1', zones: [zone], fill: 7, risk: ['RISKY_MODALITY'] });
    expect(decideRedaction(rules, header({ rows: 600 }))).toEqual({ kind: 'pass', ruleId: 'later', risk: ['RISKY_MODALITY'] });
  });

  it('applies a matching rule to an image that is not at risk (a rule is never ignored)', () => {
    const rules = config([{ id: 'ct-dose', match: { manufacturer: '*', model: '*', serial: '*', modality: 'CT' }, zones: [zone] }]);
    expect(decideRedaction(rules, header({ modality: 'CT', sopClassUid: '1.2.840.10008.5.1.4.1.1.2' }))).toMatchObject({ kind: 'redact', ruleId: 'ct-dose', risk: [] });
  });

  it('matches on the ORIGINAL header: the serial and conditions read what the caller gives', () => {
    const rules = config([{ id: 'by-serial', match: { manufacturer: '*', model: '*', serial: 'S1', conditions: { attr: 'SeriesDescription', op: 'contains', value: 'cine' } }, zones: [zone] }]);
    const attrs: Record<string, string> = { SeriesDescription: 'cardiac cine' };
    expect(decideRedaction(rules, header({ attribute: (k) => attrs[k] }))).toMatchObject({ kind: 'redact', ruleId: 'by-serial' });
    expect(decideRedaction(rules, header({ serial: '' }))).toMatchObject({ kind: 'hold' });
  });
});
