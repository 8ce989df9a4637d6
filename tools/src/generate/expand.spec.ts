import { emptyReport, expandModule } from './expand';
import { buildMacroIndex } from './macro-index';
import type { AttributeTable, TableRow } from './module-tables';

const attr = (depth: number, tag: string, type?: '1' | '1C' | '2' | '3'): TableRow =>
  type === undefined ? { kind: 'attribute', depth, tag } : { kind: 'attribute', depth, tag, type };
const include = (depth: number, text: string): TableRow => ({ kind: 'include', depth, text });

const codeMacro: AttributeTable = {
  kind: 'macro',
  table: '8.8-1',
  name: 'Common Attribute Set For Code Sequence Attributes (invoked AS “code Sequence Macro”)',
  rows: [attr(0, '00080100', '1'), attr(0, '00080104', '1')],
};
const refMacro: AttributeTable = {
  kind: 'macro',
  table: '10-3',
  name: 'Image SOP Instance Reference Macro Attributes',
  rows: [attr(0, '00081150', '1'), attr(0, '00081199', '3'), include(1, "Include 'Code Sequence Macro' Table 8.8-1")],
};
const loop: AttributeTable = {
  kind: 'macro',
  table: 'C.17-6',
  name: 'Document Relationship Macro Attributes',
  rows: [attr(0, '0040A730', '1C'), include(1, 'Include Document Relationship Macro Table C.17-6')],
};

function expand(rows: TableRow[]) {
  const report = emptyReport();
  const module: AttributeTable = { kind: 'module', table: 'T-1', ref: 'T.1', name: 'Test Module Attributes', rows };
  const out = expandModule(module, buildMacroIndex([codeMacro, refMacro, loop, module]), report);
  return { out, report };
}

describe('expandModule', () => {
  it('nests macro rows under the sequence above the include, recursively', () => {
    const { out } = expand([
      attr(0, '00081140', '3'),
      include(1, "Include 'Image SOP Instance Reference Macro' Table 10-3"),
      attr(0, '00100010', '2'),
    ]);
    expect(out).toEqual([
      ['00081140', '3'],
      ['00081140/00081150', '1'],
      ['00081140/00081199', '3'],
      ['00081140/00081199/00080100', '1'],
      ['00081140/00081199/00080104', '1'],
      ['00100010', '2'],
    ]);
  });

  it('resolves table-number typos by the macro name', () => {
    const { out, report } = expand([
      attr(0, '00081032', '3'),
      include(1, "Include 'Code Sequence Macro' Table 8.8-2"),
      attr(0, '00400260', '3'),
      include(1, 'Include Code Sequence Macro Table 8.8.1'),
    ]);
    expect(out.map(([p]) => p)).toEqual([
      '00081032',
      '00081032/00080100',
      '00081032/00080104',
      '00400260',
      '00400260/00080100',
      '00400260/00080104',
    ]);
    expect(report.unresolved.size).toBe(0);
  });

  it('demotes Type 1/2 of a conditionally included macro to 1C/2C at its top level', () => {
    const text = "Include 'Image SOP Instance Reference Macro' Table 10-3 if and only if Value Type is IMAGE";
    const { out } = expand([include(0, text)]);
    expect(out).toEqual([
      ['00081150', '1C'],
      ['00081199', '3'],
      ['00081199/00080100', '1'],
      ['00081199/00080104', '1'],
    ]);
  });

  it('stops at recursive includes, reports unresolved ones and keeps the first of duplicate paths', () => {
    const { out, report } = expand([
      include(0, 'Include Document Relationship Macro Table C.17-6'),
      include(0, 'Include one or more Functional Group Macros.'),
      attr(0, '0040A730', '1'),
      attr(2, '00100010', '2'),
    ]);
    expect(out).toEqual([['0040A730', '1C'], ['0040A730/00100010', '2']]);
    expect(report.recursive).toBe(1);
    expect([...report.unresolved.keys()]).toEqual(['Include one or more Functional Group Macros.']);
    expect(report.duplicates).toBe(1);
    expect(report.orphans).toBe(1);
  });

  it('keeps rows without a Type (normalized modules) as paths only', () => {
    expect(expand([attr(0, '00100010')]).out).toEqual([['00100010']]);
  });
});
