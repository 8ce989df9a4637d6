import { ConfigValidationError } from '../config/config-error';
import { defaultConfig } from '../config/default-config';
import { parseConfig } from '../config/parse-config';

const problemsOf = (text: string): readonly string[] => {
  try {
    parseConfig(text);
  } catch (e) {
    if (e instanceof ConfigValidationError) return e.problems;
    throw e;
  }
  return [];
};

const YAML = `
version: 1
redaction:
  atRisk: { modalities: [US, XA], secondaryCapture: false }
  machines:
    - id: logiq-e9
      match:
        manufacturer: "GE*"
        model: "LOGIQ*"
        serial: "*"
        rows: 720
        modality: US
        imageType: [ORIGINAL, PRIMARY]
        conditions:
          any:
            - { attr: SeriesDescription, op: contains, value: report, ignoreCase: true }
            - not: { attr: "(0018,1030)", op: matches, value: "CARDIAC.*" }
      zones: [{ x: 0, y: 0, width: 960, height: 70 }]
      fill: [0, 0, 0]
    - match: { manufacturer: "*", model: "*", serial: "SN-1*" }
      zones: []
      fill: -1024
`;

describe('the redaction section of the configuration', () => {
  it('accepts machines, conditions and at-risk settings, filling defaults', () => {
    const c = parseConfig(YAML).redaction;
    expect(c.machines).toHaveLength(2);
    expect(c.machines[0]?.match.conditions).toEqual({
      any: [
        { attr: 'SeriesDescription', op: 'contains', value: 'report', ignoreCase: true },
        { not: { attr: '(0018,1030)', op: 'matches', value: 'CARDIAC.*' } },
      ],
    });
    expect(c.atRisk).toEqual({ burnedInAnnotation: true, modalities: ['US', 'XA'], secondaryCapture: false });
  });

  it('defaults to no machines and the standard at-risk rules', () => {
    expect(defaultConfig().redaction).toEqual({ machines: [], atRisk: { burnedInAnnotation: true, modalities: ['US', 'SC', 'XA', 'OT'], secondaryCapture: true } });
    expect(parseConfig('version: 1\nredaction: {}').redaction).toEqual(defaultConfig().redaction);
  });

  it('reports each mistake at its own pointer', () => {
    const problems = problemsOf(`
version: 1
redaction:
  atRisk: { modalities: [us] }
  machines:
    - match: { manufacturer: "*", model: "*" }
      zones: [{ x: -1, y: 0, width: 0, height: 5 }]
      fill: [1, 2]
    - match:
        manufacturer: "*"
        model: "*"
        serial: "*"
        conditions: { all: [{ attr: Rows, op: like, value: "1" }, { any: "x" }] }
      zones: []
      extra: true
`);
    expect(problems).toEqual(
      expect.arrayContaining([
        '/redaction/atRisk/modalities/0: must match pattern "^[A-Z0-9_ ]{1,16}$"',
        '/redaction/machines/0/match/serial: is required',
        '/redaction/machines/0/zones/0/x: must be >= 0',
        '/redaction/machines/0/zones/0/width: must be >= 1',
        '/redaction/machines/0/fill: must NOT have fewer than 3 items',
        '/redaction/machines/1/match/conditions/all/0/op: must be one of: contains, equals, startsWith, endsWith, matches',
        '/redaction/machines/1/match/conditions/all/1/any: must be array',
        '/redaction/machines/1/extra: is not allowed',
      ]),
    );
  });

  it('checks what the schema cannot: keywords, regular expressions, unique ids', () => {
    const problems = problemsOf(`
version: 1
redaction:
  machines:
    - id: a
      match: { manufacturer: "*", model: "*", serial: "*", conditions: { all: [{ attr: NoSuchKeyword, op: equals, value: x }, { attr: Modality, op: matches, value: "(" }] } }
      zones: []
    - id: a
      match: { manufacturer: "*", model: "*", serial: "*" }
      zones: []
`);
    expect(problems).toEqual([
      '/redaction/machines/0/match/conditions/all/0/attr: must be a known DICOM keyword or a (gggg,eeee) tag',
      '/redaction/machines/0/match/conditions/all/1/value: must be a valid regular expression',
      '/redaction/machines/1/id: must be unique',
    ]);
  });

  it('never echoes a value from the text in a problem', () => {
    const problems = problemsOf('version: 1\nredaction: { machines: [{ match: { manufacturer: "SECRET\\u0001", model: "*", serial: "*" }, zones: [] }] }');
    expect(problems.join('\n')).not.toContain('SECRET');
    expect(problems).toHaveLength(1);
  });
});
