import { parse } from 'yaml';
import { DEFAULT_AT_RISK, validateConfig } from '@gantry/domain';
import type { Scaffold, ScaffoldGeometry, ScaffoldMachine } from '@gantry/stages';
import { scaffoldYaml } from './redaction-scaffold-yaml';

const geometry = (over: Partial<ScaffoldGeometry>): ScaffoldGeometry => ({ rows: 480, columns: 640, instances: 3, atRisk: 3, riskReasons: ['RISKY_MODALITY'], suggestion: null, coveredBy: null, ...over });
const machine = (model: string, geometries: ScaffoldGeometry[]): ScaffoldMachine => ({
  deviceKey: model.padEnd(32, '0'), manufacturer: 'ACME "Medical"', model, serial: 'SN 1', modalities: ['US'], instances: 3, atRisk: 3, geometries,
});
const scaffold = (machines: ScaffoldMachine[]): Scaffold => ({
  configVersion: 2, atRiskPolicy: DEFAULT_AT_RISK, library: { source: 'DicomPixelAnonymizer.script', edition: 'test edition', sha256: 'ab'.repeat(32) }, machines,
});
const CTP = { ruleId: 'ctp-line-40', line: 40, zones: [{ x: 0, y: 0, width: 512, height: 80 }], conditions: { attr: 'SeriesDescription', op: 'contains' as const, value: 'report' } };

describe('scaffoldYaml', () => {
  it('writes CTP-matched rules active (with their conditions) and the rest as comments, as a valid rule set', () => {
    const text = scaffoldYaml(scaffold([
      machine('WITH-CTP', [geometry({ suggestion: CTP })]),
      machine('TO-DRAW', [geometry({}), geometry({ rows: 600, columns: 800 })]),
      machine('SAFE', [geometry({ atRisk: 0, riskReasons: [] })]),
      machine('DONE', [geometry({ coveredBy: 'acme-done' })]),
    ]));
    const config = validateConfig({ version: 1, ...(parse(text) as object) });
    expect(config.redaction.machines).toEqual([
      { id: 'acme-medical-with-ctp-sn-1', match: { manufacturer: 'ACME "Medical"', model: 'WITH-CTP', serial: 'SN 1', conditions: CTP.conditions }, zones: CTP.zones },
    ]);
    expect(text).toContain('# - id: acme-medical-to-draw-sn-1-640x480');
    expect(text).toContain('# - id: acme-medical-to-draw-sn-1-800x600');
    expect(text).toContain('no rule needed');
    expect(text).toContain('covered by the active rule acme-done');
    expect(text).toContain('sha256 abab');
  });

  it('with no active rule, still parses; uncommenting a completed template gives a valid rule set', () => {
    const text = scaffoldYaml(scaffold([machine('TO-DRAW', [geometry({})])]));
    expect(validateConfig({ version: 1, ...(parse(text) as object) }).redaction.machines).toEqual([]);
    const completed = text
      .replace(/ {2}machines: \[\].*/, '  machines:')
      .replace(/^ {4}# (- id| {2}match| {2}zones)/gm, '    $1')
      .replace(/^( {6}zones: )\[\].*$/m, '$1[{ x: 0, y: 0, width: 640, height: 40 }]');
    const rules = validateConfig({ version: 1, ...(parse(completed) as object) }).redaction.machines;
    expect(rules).toEqual([{ id: 'acme-medical-to-draw-sn-1', match: { manufacturer: 'ACME "Medical"', model: 'TO-DRAW', serial: 'SN 1' }, zones: [{ x: 0, y: 0, width: 640, height: 40 }] }]);
  });
});
