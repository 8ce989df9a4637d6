import { ConfigValidationError, DataSet, DicomBuilder, defaultConfig, planDeidentification } from '@gantry/domain';
import { parseCustomRules, withCustomRules } from './custom-rules';
import { displayValue, findingDetails } from './element-values';
import { ScanTally } from './scan-tally';

const problemsOf = (f: () => unknown): readonly string[] => {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigValidationError) return e.problems;
    throw e;
  }
  return [];
};

describe('custom rules files', () => {
  it('reads a YAML list or a customRules object, validated as the configuration validates rules', () => {
    expect(parseCustomRules('- { id: mrn, pattern: "MRN\\\\d+", action: X }\n')).toEqual([{ id: 'mrn', pattern: 'MRN\\d+', action: 'X' }]);
    expect(parseCustomRules('{"customRules": [{"id": "k", "tag": "SeriesDescription", "action": "K"}]}')).toHaveLength(1);
  });

  it('names the problem by a JSON pointer into the file and never echoes its text', () => {
    const problems = problemsOf(() => parseCustomRules('- { id: a, action: X, pattern: "(SECRET" }\n- { id: a, tag: NoSuchKeyword, action: K }\n'));
    expect(problems).toEqual(expect.arrayContaining(['/0/pattern: must be a valid regular expression']));
    expect(problemsOf(() => parseCustomRules('- { id: b, tag: NoSuchKeyword, action: K }\n'))).toEqual(['/0/tag: must be a known DICOM keyword or a (gggg,eeee) tag']);
    expect(problemsOf(() => parseCustomRules('a: [unclosed'))[0]).toMatch(/^\/: must be valid YAML or JSON \(/);
    expect(problemsOf(() => parseCustomRules('just text'))).toEqual(['/: must be a list of rules (or an object with customRules)']);
    expect(problemsOf(() => parseCustomRules('- { id: a, action: X, pattern: "(SECRET" }')).join()).not.toContain('SECRET');
  });

  it('adds rules after the configuration\'s and replaces one with the same id', () => {
    const base = defaultConfig();
    const config = withCustomRules({ ...base, deid: { ...base.deid, customRules: [{ id: 'a', tag: 'SeriesDescription', action: 'K' }] } }, [
      { id: 'a', tag: 'SeriesDescription', action: 'X' },
      { id: 'b', pattern: 'x+', action: 'C' },
    ]);
    expect(config.deid.customRules.map((r) => `${r.id}:${r.action}`)).toEqual(['a:X', 'b:C']);
    expect(withCustomRules(base, [])).toBe(base);
  });
});

describe('scan tally and details', () => {
  it('counts findings by rule, tag, reason and action, and unreadable inputs by code', () => {
    const obj = new DicomBuilder({ seed: 'tally' }).patient({ name: 'DOE^JANE', id: 'P1' }).build();
    const plan = planDeidentification(obj, defaultConfig());
    const tally = new ScanTally('files', 2, false);
    tally.addPlan(plan);
    tally.addPlan(plan);
    tally.addUnreadable('NOT_DICOM');
    const r = tally.result();
    expect(r).toMatchObject({ scope: 'files', configVersion: 2, inputs: 3, scanned: 2, unreadable: { NOT_DICOM: 1 } });
    expect(r.byRule['pseudonym:patient-id']).toBe(2);
    expect(r.byTag['(0010,0020) PatientID']).toBe(2);
    expect(r.byReason['PSEUDONYM']).toBe(4);
    expect(r.details).toBeUndefined();
  });

  it('pairs each finding with its value for --details, and shows values safely', () => {
    const obj = new DicomBuilder({ seed: 'details' }).patient({ name: 'DOE^JANE', id: 'P1' }).set('ImageComments', 'LT', 'a\u001b[31mred').build();
    const findings = planDeidentification(obj, defaultConfig()).actions.filter((a) => a.action !== 'K');
    const details = findingDetails('f.dcm', obj, findings);
    expect(details).toContainEqual(expect.objectContaining({ source: 'f.dcm', path: '(0010,0010)', keyword: 'PatientName', value: 'DOE^JANE' }));
    expect(details.find((d) => d.keyword === 'ImageComments')?.value).toBe('a?[31mred');
    expect(displayValue(new Uint8Array(10))).toBe('<10 bytes>');
    expect(displayValue([new DataSet(), new DataSet()])).toBe('<2 item(s)>');
    expect(displayValue(['A', 'B'])).toBe('A\\B');
    expect(displayValue(['x'.repeat(300)])).toHaveLength(201);
  });
});
