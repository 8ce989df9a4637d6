import { ConfigValidationError, DEFAULT_AT_RISK, MachineRule, RedactionConfig } from '@gantry/domain';
import { mergeRuleSet, parseRuleSet } from './merge-rule-set';

const rule = (id: string | undefined, model: string): MachineRule => ({ ...(id && { id }), match: { manufacturer: 'X', model, serial: '*' }, zones: [{ x: 0, y: 0, width: 10, height: 10 }] });
const active: RedactionConfig = { machines: [rule('a', 'A'), rule('b', 'B'), rule(undefined, 'C')], atRisk: DEFAULT_AT_RISK };

describe('parseRuleSet', () => {
  it('takes a redaction section and reports problems at the file\'s own pointers', () => {
    expect(parseRuleSet({ redaction: { machines: [rule('n', 'N')] } }).rules.machines).toHaveLength(1);
    expect(() => parseRuleSet({ redaction: { machines: [{ match: { manufacturer: 'X' }, zones: [] }] } })).toThrow(ConfigValidationError);
    const bad = { redaction: { machines: [{ match: { manufacturer: 'X', model: '*', serial: '*' }, zones: [{ x: -1, y: 0, width: 1, height: 1 }] }] } };
    expect(() => parseRuleSet(bad)).toThrow(expect.objectContaining({ problems: ['/redaction/machines/0/zones/0/x: must be >= 0'] }));
  });

  it('refuses a file without a redaction section, or with other sections', () => {
    expect(() => parseRuleSet({ machines: [] })).toThrow(ConfigValidationError);
    expect(() => parseRuleSet({ redaction: {}, deid: {} })).toThrow(/only the redaction section/);
  });
});

describe('mergeRuleSet', () => {
  it('puts the file\'s rules first, replaces the same id or an identical rule, keeps the rest in order', () => {
    const file = parseRuleSet({ redaction: { machines: [rule('b', 'B2'), rule(undefined, 'C'), rule('n', 'N')] } });
    const merged = mergeRuleSet(active, file, false);
    expect(merged.machines.map((r) => [r.id ?? '-', r.match.model])).toEqual([['b', 'B2'], ['-', 'C'], ['n', 'N'], ['a', 'A']]);
    expect(merged.atRisk).toEqual(DEFAULT_AT_RISK);
  });

  it('installs exactly the file\'s rules with replace, and changes the at-risk policy only where stated', () => {
    const file = parseRuleSet({ redaction: { machines: [rule('n', 'N')], atRisk: { modalities: ['US'] } } });
    const merged = mergeRuleSet(active, file, true);
    expect(merged.machines.map((r) => r.id)).toEqual(['n']);
    expect(merged.atRisk).toEqual({ ...DEFAULT_AT_RISK, modalities: ['US'] });
  });
});
