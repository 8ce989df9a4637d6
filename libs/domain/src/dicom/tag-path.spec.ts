import { DataSet } from './data-set';
import { DicomModelError } from './errors';
import { TAG_PATH_PATTERN, TAG_PATH_REGEX, formatTagPath, parseTagPath } from './tag-path';
import { resolveTagPath, walk } from './walk';

describe('tag paths', () => {
  it('formats and parses the canonical form', () => {
    const path = '(0040,0275)[0].(0008,0050)';
    const segments = [{ tag: '00400275', item: 0 }, { tag: '00080050' }];
    expect(formatTagPath(segments)).toBe(path);
    expect(parseTagPath(path)).toEqual(segments);
    expect(parseTagPath('(7FE0,0010)')).toEqual([{ tag: '7FE00010' }]);
    expect(parseTagPath('(0040,A730)[12].(0040,A730)[3].(0040,A160)')).toEqual([
      { tag: '0040A730', item: 12 },
      { tag: '0040A730', item: 3 },
      { tag: '0040A160' },
    ]);
  });

  it('has a closed, anchored grammar usable as a JSON Schema pattern', () => {
    expect(new RegExp(TAG_PATH_PATTERN).source).toBe(TAG_PATH_REGEX.source);
    for (const ok of ['(0010,0010)', '(0040,0275)[0].(0008,0050)', '(0009,1001)[10].(0009,0010)']) {
      expect(TAG_PATH_REGEX.test(ok)).toBe(true);
    }
    for (const bad of [
      '(0010,0010) ',
      '(0010,0010)[0]',
      '(0010,001a)',
      '(0040,0275)[01].(0008,0050)',
      '(0040,0275).(0008,0050)',
      'x(0010,0010)',
      '(0010,0010)\nDOE^JOHN',
      '',
    ]) {
      expect(TAG_PATH_REGEX.test(bad)).toBe(false);
      expect(() => parseTagPath(bad)).toThrow(DicomModelError);
    }
  });

  it('refuses segments that do not form a path', () => {
    expect(() => formatTagPath([])).toThrow(DicomModelError);
    expect(() => formatTagPath([{ tag: '00400275' }, { tag: '00080050' }])).toThrow(DicomModelError);
    expect(() => formatTagPath([{ tag: '00080050', item: 0 }])).toThrow(DicomModelError);
    expect(() => formatTagPath([{ tag: '0008005x' }])).toThrow(DicomModelError);
    expect(() => formatTagPath([{ tag: '00400275', item: -1 }, { tag: '00080050' }])).toThrow(DicomModelError);
  });
});

function nested(): DataSet {
  return new DataSet()
    .set('PatientName', 'DOE^JOHN')
    .set('RequestAttributesSequence', [
      { AccessionNumber: 'A1', ScheduledProtocolCodeSequence: [{ CodeValue: 'X' }] },
      { AccessionNumber: 'A2' },
    ])
    .set('AccessionNumber', 'TOP');
}

describe('walk', () => {
  it('visits every element at every depth in tag order with canonical paths', () => {
    const seen: string[] = [];
    walk(nested(), (el, path, ctx) => {
      seen.push(`${ctx.depth} ${path}`);
      expect(TAG_PATH_REGEX.test(path)).toBe(true);
      expect(path.endsWith(`(${el.tag.slice(0, 4)},${el.tag.slice(4)})`)).toBe(true);
    });
    expect(seen).toEqual([
      '0 (0008,0050)',
      '0 (0010,0010)',
      '0 (0040,0275)',
      '1 (0040,0275)[0].(0008,0050)',
      '1 (0040,0275)[0].(0040,0008)',
      '2 (0040,0275)[0].(0040,0008)[0].(0008,0100)',
      '1 (0040,0275)[1].(0008,0050)',
    ]);
  });

  it("does not descend into a sequence when the visitor returns 'skip'", () => {
    const seen: string[] = [];
    walk(nested(), (el, path) => {
      seen.push(path);
      return el.tag === '00400275' ? 'skip' : undefined;
    });
    expect(seen).toEqual(['(0008,0050)', '(0010,0010)', '(0040,0275)']);
  });

  it('survives nesting far deeper than the call stack would allow recursively', () => {
    let ds = new DataSet().set('CodeValue', 'leaf');
    for (let i = 0; i < 20_000; i++) ds = new DataSet().set('ContentSequence', [ds]);
    let count = 0;
    walk(ds, () => {
      count++;
    });
    expect(count).toBe(20_001);
  });

  it('resolves a path back to its element', () => {
    const ds = nested();
    walk(ds, (el, path) => {
      expect(resolveTagPath(ds, path)).toBe(el);
    });
    expect(resolveTagPath(ds, '(0040,0275)[5].(0008,0050)')).toBeUndefined();
    expect(resolveTagPath(ds, '(0010,0010)[0].(0008,0050)')).toBeUndefined();
  });
});
