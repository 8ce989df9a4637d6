import { assertValidEvent, DeidPlan, DicomBuilder, defaultConfig, MAX_FINDINGS_PER_EVENT, newEvent, PHI_FOUND, PlannedAction, planDeidentification } from '@gantry/domain';
import { actionCounts, phiFoundData } from './phi-report';

const KEY = 'ab'.repeat(16);

const planned = (n: number, over: Partial<PlannedAction> = {}): PlannedAction => ({
  path: `(0009,${(0x1000 + n).toString(16).toUpperCase()})`,
  tag: `0009${(0x1000 + n).toString(16).toUpperCase()}`,
  vr: 'LO',
  action: 'X',
  rule: 'e1-1:private',
  reason: 'PRIVATE_UNSAFE',
  ...over,
});

describe('phiFoundData', () => {
  it('reports every finding of a real plan as path, rule, action and reason, and passes the event schema', () => {
    const obj = new DicomBuilder({ seed: 'report' }).patient({ name: 'PLANTED^NAME', id: 'PLANTED-ID' }).build();
    const plan = planDeidentification(obj, defaultConfig());
    const data = phiFoundData(KEY, 3, plan);
    expect(data).toMatchObject({ key: KEY, configVersion: 3, planHash: plan.planHash, findingsTruncated: false });
    expect(data.findings).toContainEqual({ path: '(0010,0020)', rule: 'pseudonym:patient-id', action: 'D', reason: 'PSEUDONYM' });
    expect(data.findings.every((f) => f.action !== 'K')).toBe(true);
    expect(Object.values(data.counts).reduce((a, b) => a + (b ?? 0), 0)).toBe(plan.actions.length);
    const event = newEvent({ type: PHI_FOUND, source: 'gantry/inspector', subject: KEY, data });
    expect(() => assertValidEvent(event)).not.toThrow();
    expect(JSON.stringify(event)).not.toMatch(/PLANTED/);
  });

  it('caps the listed findings and says so, while the counts cover every element', () => {
    const actions = Array.from({ length: MAX_FINDINGS_PER_EVENT + 5 }, (_, i) => planned(i));
    const plan: DeidPlan = { actions: [...actions, planned(99999, { action: 'K', path: '(0008,0060)', tag: '00080060' })], pixelRisk: { atRisk: false, reasons: [] }, planHash: 'c'.repeat(64) };
    const data = phiFoundData(KEY, 0, plan);
    expect(data.findings).toHaveLength(MAX_FINDINGS_PER_EVENT);
    expect(data.findingsTruncated).toBe(true);
    expect(data.counts).toEqual({ X: MAX_FINDINGS_PER_EVENT + 5, K: 1 });
  });

  it('reports a one-letter custom reason under the generic code the event contract allows', () => {
    const plan: DeidPlan = { actions: [planned(1, { rule: 'custom:mrn', reason: 'M' })], pixelRisk: { atRisk: true, reasons: ['RISKY_MODALITY'] }, planHash: 'd'.repeat(64) };
    const data = phiFoundData(KEY, 1, plan);
    expect(data.findings[0]).toMatchObject({ rule: 'custom:mrn', reason: 'CUSTOM_RULE' });
    expect(data.pixelRisk).toEqual({ atRisk: true, reasons: ['RISKY_MODALITY'] });
    expect(() => assertValidEvent(newEvent({ type: PHI_FOUND, source: 'gantry/inspector', subject: KEY, data }))).not.toThrow();
  });

  it('counts actions', () => {
    expect(actionCounts([{ action: 'X' }, { action: 'K' }, { action: 'X' }])).toEqual({ X: 2, K: 1 });
  });
});
