import { ConfigValidationError } from './config-error';
import { configHash } from './config-hash';
import { GANTRY_CONFIG_SCHEMA } from './config-schema';
import { defaultConfig } from './default-config';
import { parseConfig } from './parse-config';

/** The problems parseConfig reports for a text, or [] when it accepts it. */
function problemsOf(text: string, format?: 'yaml' | 'json'): readonly string[] {
  try {
    parseConfig(text, format);
    return [];
  } catch (e) {
    if (!(e instanceof ConfigValidationError)) throw e;
    return e.problems;
  }
}

const FULL_YAML = `
version: 1
deid:
  options:
    retainUIDs: true
    retainLongitudinalModifiedDates: true
    cleanDescriptors: true
  overrides:
    - { tag: PatientAge, action: keep }
    - { tag: "(0008,0080)", action: replace, value: "RESEARCH SITE" }
    - { tag: { creator: "GEMS_ACQU_01", group: "0019", element: "10" }, action: keep }
    - { tag: AccessionNumber, action: hash }
  dateShift: { minDays: -100, maxDays: -10 }
  pseudonyms: { patientIdPrefix: "STUDY-", patientName: empty }
  customRules:
    - { id: mrn, pattern: "^MRN\\\\d{6}$", action: X, reason: MRN_IN_TEXT }
    - { id: keep-series, tag: SeriesDescription, action: K }
redaction:
  machines:
    - { id: us-1, match: { manufacturer: "ACME*", model: "*", serial: "*" }, zones: [{ x: 0, y: 0, width: 10, height: 5 }] }
export: {}
`;

describe('parseConfig', () => {
  it('accepts a full YAML configuration and fills the remaining defaults', () => {
    const c = parseConfig(FULL_YAML);
    expect(c.deid.options.retainUIDs).toBe(true);
    expect(c.deid.options.retainSafePrivate).toBe(false);
    expect(c.deid.overrides).toHaveLength(4);
    expect(c.deid.dateShift).toEqual({ minDays: -100, maxDays: -10 });
    expect(c.deid.pseudonyms).toEqual({ patientIdPrefix: 'STUDY-', patientName: 'empty' });
    expect(c.deid.customRules[0]?.pattern).toBe('^MRN\\d{6}$');
    expect(c.redaction.machines[0]?.id).toBe('us-1');
    expect(c.redaction.atRisk.modalities).toEqual(['US', 'SC', 'XA', 'OT']);
  });

  it('gives the defaults for a minimal file, in YAML and JSON alike', () => {
    expect(parseConfig('version: 1')).toEqual(defaultConfig());
    expect(parseConfig('{"version": 1}')).toEqual(defaultConfig());
    expect(parseConfig('{"version": 1}', 'yaml')).toEqual(defaultConfig());
    expect(defaultConfig().deid.dateShift).toEqual({ minDays: -3650, maxDays: -1 });
    expect(defaultConfig().deid.pseudonyms).toEqual({ patientIdPrefix: 'GANTRY-', patientName: 'pseudonym' });
  });

  it('lists every schema problem as a JSON pointer and an expectation', () => {
    const problems = problemsOf(`
version: 2
deid:
  options: { retainUIDs: "yes", retainLongitudinalFullDates: true, retainLongitudinalModifiedDates: true }
  dateShift: { minDays: 1.5 }
  pseudonyms: { patientName: hidden }
  surprise: 1
  overrides:
    - { tag: PatientName, action: replace }
    - { tag: "(0010,0010", action: keep }
  customRules:
    - { id: r1, action: X }
    - { id: r2, pattern: "([a-z", action: C }
`);
    expect(problems).toEqual(
      expect.arrayContaining([
        '/version: must be 1',
        '/deid/options/retainUIDs: must be boolean',
        '/deid/options: retainLongitudinalFullDates and retainLongitudinalModifiedDates are mutually exclusive',
        '/deid/dateShift/minDays: must be integer',
        '/deid/pseudonyms/patientName: must be one of: pseudonym, empty',
        '/deid/surprise: is not allowed',
        '/deid/overrides/0/value: is required',
        '/deid/customRules/0: must have a tag or a pattern',
        '/deid/customRules/1/pattern: must be a valid regular expression',
      ]),
    );
    expect(problems.some((p) => p.startsWith('/deid/overrides/1/tag: must match pattern'))).toBe(true);
  });

  it('reports the checks a schema cannot make', () => {
    const problems = problemsOf(`
version: 1
deid:
  dateShift: { minDays: 10, maxDays: -10 }
  overrides:
    - { tag: NoSuchKeyword, action: keep }
    - { tag: "(0009,1010)", action: remove }
    - { tag: PatientAge, action: keep, value: "x" }
    - { tag: Rows, action: replace, value: "many" }
    - { tag: StudyDate, action: hash }
    - { tag: ReferencedImageSequence, action: replace, value: "x" }
    - { tag: { creator: "X", group: "0003", element: "10" }, action: keep }
  customRules:
    - { id: a, pattern: "x*", action: C }
    - { id: a, tag: "(0002,0003)", action: X }
`);
    expect(problems).toEqual([
      '/deid/dateShift/maxDays: must be >= minDays',
      '/deid/overrides/0/tag: must be a known DICOM keyword or a (gggg,eeee) tag',
      '/deid/overrides/1/tag: must address a private element as { creator, group, element }',
      '/deid/overrides/2/value: is only allowed with action replace',
      '/deid/overrides/3/value: must be a valid US value',
      '/deid/overrides/4/action: hash is not possible for VR DA',
      '/deid/overrides/5/action: replace is not possible for a sequence',
      '/deid/overrides/6/tag/group: must be an odd group from 0009',
      '/deid/customRules/0/pattern: must not match the empty string',
      '/deid/customRules/1/id: must be unique',
      '/deid/customRules/1/tag: must not address a command, file meta or group length element',
    ]);
    expect(problemsOf('version: 1\ndeid: { dateShift: { minDays: -36500, maxDays: 36500 } }')).toEqual([
      '/deid/dateShift: must span at most 36500 days',
    ]);
    expect(problemsOf('version: 1\ndeid: { dateShift: { minDays: -36501 } }')).toEqual(['/deid/dateShift/minDays: must be >= -36500']);
  });

  it('never echoes a value from the text, even in syntax errors', () => {
    const secret = 'DOE^JOHN-SECRET';
    const texts = [
      `version: 1\ndeid: { overrides: [ { tag: PatientName, action: replace, value: "${secret}", extra: "${secret}" } ] }`,
      `version: 1\ndeid: { pseudonyms: { patientIdPrefix: "${secret}^" } }`,
      `version: 1\ndeid:\n  options: ${secret}\n`,
      `version: 1\n  deid: "${secret}\n  : :`,
      `{"version": 1, "deid": "${secret}"`,
      `{"version": 1, "deid": {"overrides": [{"tag": "${secret}", "action": "keep"}]}}`,
    ];
    for (const text of texts) {
      const problems = problemsOf(text);
      expect(problems.length).toBeGreaterThan(0);
      for (const p of problems) expect(p).not.toContain('SECRET');
    }
  });

  it('rejects YAML syntax errors and duplicate keys with a position', () => {
    expect(problemsOf('version: 1\nversion: 1')[0]).toMatch(/^\/: must be valid YAML \(DUPLICATE_KEY at line 2, column 1\)$/);
    expect(problemsOf('{"version": 1,}')).toEqual(['/: must be valid JSON']);
    expect(problemsOf('- 1\n- 2')).toEqual(['/: must be object']);
  });

  it('refuses numbers JSON cannot carry, wherever they are', () => {
    expect(problemsOf('version: 1\nredaction: { level: .inf, list: [1, .nan] }')).toEqual([
      '/redaction/level: must be a finite number',
      '/redaction/list/1: must be a finite number',
    ]);
    expect(problemsOf('{"version": 1, "export": {"x": 1e400}}')).toEqual(['/export/x: must be a finite number']);
    const deep = `{"version": 1, "export": {"a": ${'['.repeat(5000)}${']'.repeat(5000)}}}`;
    expect(problemsOf(deep)).toEqual([`/export/a${'/0'.repeat(63)}: must be nested at most 64 levels deep`]);
  });

  it('accepts a recipient certificate as PEM text only', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    expect(parseConfig(JSON.stringify({ version: 1, deid: { recipientCertificate: pem } })).deid.recipientCertificate).toBe(pem);
    expect(problemsOf(JSON.stringify({ version: 1, deid: { recipientCertificate: 'not a pem' } }))[0]).toMatch(
      /^\/deid\/recipientCertificate: must match pattern/,
    );
  });
});

describe('configHash', () => {
  it('is stable across key order, formatting and spelled-out defaults', () => {
    const a = parseConfig('version: 1\ndeid: { options: { retainUIDs: true }, dateShift: { maxDays: -1 } }');
    const b = parseConfig('{"deid": {"dateShift": {"minDays": -3650}, "options": {"retainUIDs": true, "cleanGraphics": false}}, "version": 1}');
    expect(configHash(a)).toBe(configHash(b));
    expect(configHash(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with any change of meaning', () => {
    const base = configHash(defaultConfig());
    expect(configHash(parseConfig('version: 1\ndeid: { options: { cleanGraphics: true } }'))).not.toBe(base);
    expect(configHash(parseConfig('version: 1\ndeid: { dateShift: { minDays: -3649 } }'))).not.toBe(base);
    expect(configHash(parseConfig('version: 1\nredaction: { atRisk: { secondaryCapture: false } }'))).not.toBe(base);
  });
});

describe('GANTRY_CONFIG_SCHEMA', () => {
  it('is a plain JSON document (publishable as is)', () => {
    expect(JSON.parse(JSON.stringify(GANTRY_CONFIG_SCHEMA))).toEqual(GANTRY_CONFIG_SCHEMA);
    expect(GANTRY_CONFIG_SCHEMA.$id).toMatch(/^https:\/\//);
  });
});
