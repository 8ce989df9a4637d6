import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { validateConfig } from '../../config/parse-config';
import { matchMachine } from '../match-machine';
import type { RedactionHeader } from '../redaction-types';
import { importCtpScript } from './import-ctp-script';

/**
 * CTP's own library of burned-in annotation signatures, from the repository's snapshot of
 * ../shared (tools/shared-snapshot). Only this test reads it; the importer takes text.
 */
const SCRIPT = resolve(__dirname, '../../../../../tools/shared-snapshot/reference/ctp/DicomPixelAnonymizer.script');

const header = (attrs: Record<string, string>): RedactionHeader => ({ attribute: (k) => attrs[k] });

describe('importCtpScript on the real DicomPixelAnonymizer.script', () => {
  it('is available', () => {
    expect(existsSync(SCRIPT)).toBe(true);
  });

  const result = existsSync(SCRIPT) ? importCtpScript(readFileSync(SCRIPT, 'utf8')) : undefined;

  it('turns all 52 signatures into 52 rules', () => {
    expect(result?.signatures).toBe(52);
    expect(result?.unsupported).toEqual([]);
    expect(result?.machines).toHaveLength(52);
  });

  it('produces a valid redaction configuration', () => {
    const config = validateConfig({ version: 1, redaction: { machines: result?.machines } });
    expect(config.redaction.machines).toHaveLength(52);
  });

  it('converts the GE dose report signature (line 25) faithfully', () => {
    const rule = result?.machines.find((m) => m.id === 'ctp-line-25');
    expect(rule).toEqual({
      id: 'ctp-line-25',
      match: { manufacturer: '*', model: '*', serial: '*', conditions: { attr: 'SeriesDescription', op: 'contains', value: 'Dose Report', ignoreCase: true } },
      zones: [{ x: 0, y: 0, width: 512, height: 110 }],
    });
  });

  it('keeps a parenthesised OR inside an AND (Vitrea stent planning, line 67)', () => {
    const rule = result?.machines.find((m) => m.id === 'ctp-line-67');
    expect(rule?.match.conditions).toEqual({
      all: [
        { attr: 'Manufacturer', op: 'contains', value: 'VITAL Images', ignoreCase: true },
        {
          any: [
            { attr: 'SeriesDescription', op: 'contains', value: 'AAA', ignoreCase: true },
            { attr: 'SeriesDescription', op: 'contains', value: 'Report', ignoreCase: true },
          ],
        },
        { attr: 'Rows', op: 'equals', value: '1041' },
      ],
    });
    expect(rule?.zones).toEqual([{ x: 0, y: 0, width: 795, height: 150 }]);
  });

  it('converts [gggg,eeee] tags, case-sensitive methods and several regions', () => {
    const overlay = result?.machines.find((m) => m.id === 'ctp-line-102');
    expect(overlay?.match.conditions).toEqual({ attr: '(6000,0022)', op: 'contains', value: 'Siemens MedCom Object Graphics', ignoreCase: true });
    const mindray = result?.machines.find((m) => m.id === 'ctp-line-132');
    expect(mindray?.match.conditions).toEqual({
      all: [
        { attr: 'Modality', op: 'equals', value: 'US' },
        { attr: 'ImplementationVersionName', op: 'contains', value: 'MINDRAY' },
      ],
    });
    const adac = result?.machines.find((m) => m.id === 'ctp-line-366');
    expect(adac?.zones).toEqual([
      { x: 0, y: 0, width: 1024, height: 130 },
      { x: 0, y: 762, width: 1024, height: 80 },
    ]);
  });

  it('matches like CTP: first signature wins, values as CTP reads them', () => {
    const config = { machines: result?.machines ?? [] };
    const logiq = header({ ManufacturerModelName: 'LOGIQE9', Modality: 'US' });
    expect(matchMachine(config, logiq)?.id).toBe('ctp-line-141');
    const iu22 = header({ ManufacturerModelName: 'Philips iU22', Rows: '768' });
    expect(matchMachine(config, iu22)?.zones).toEqual([{ x: 0, y: 0, width: 1024, height: 75 }]);
    expect(matchMachine(config, header({ Manufacturer: 'NOBODY' }))).toBeNull();
  });
});

describe('importCtpScript on constructed scripts', () => {
  it('handles !, nested parentheses, literals, other methods and comments', () => {
    const script = `
Title (a note in parentheses is not a region)
{ !Modality.equals("CT") * (Manufacturer.startsWithIgnoreCase("ge") + [0008,1090].endsWith("X")) * true } // a comment
  (1,2,3,4)  // (9,9,9,9) commented out
{ SeriesDescription.matches(".*SCREEN.*") + false }
(0, 0, 10, 10)
`;
    const r = importCtpScript(script);
    expect(r.unsupported).toEqual([]);
    expect(r.machines.map((m) => m.match.conditions)).toEqual([
      {
        all: [
          { not: { attr: 'Modality', op: 'equals', value: 'CT' } },
          { any: [{ attr: 'Manufacturer', op: 'startsWith', value: 'ge', ignoreCase: true }, { attr: '(0008,1090)', op: 'endsWith', value: 'X' }] },
        ],
      },
      { attr: 'SeriesDescription', op: 'matches', value: '.*SCREEN.*' },
    ]);
    expect(r.machines[0]?.zones).toEqual([{ x: 1, y: 2, width: 3, height: 4 }]);
    expect(r.machines.map((m) => m.id)).toEqual(['ctp-line-3', 'ctp-line-5']);
  });

  it('reports by line what it cannot express, and makes no rule of it', () => {
    const script = [
      '{ Modality.looksLike("US") }', // 1: unknown method
      '(0,0,1,1)',
      '{ NotAKeyword.equals("x") }', // 3: unknown attribute
      '(0,0,1,1)',
      '{ Rows.equals("1") }', // 5: bad region
      '(0,0,0,5)',
      '{ Rows.equals(512) }', // 7: unquoted argument
      '{ false * Rows.equals("1") }', // 8: never matches
      '{ SeriesDescription.matches("(?i)abc") }', // 9: Java-only regex
      '{ Modality.equals("US")', // 10: unterminated
    ].join('\n');
    const r = importCtpScript(script);
    expect(r.signatures).toBe(7);
    expect(r.machines).toEqual([]);
    expect(r.unsupported.map((u) => [u.line, u.reason.replace(/ .*/, '')])).toEqual([
      [1, 'unknown'],
      [3, 'unknown'],
      [5, 'line'],
      [7, 'an'],
      [8, 'the'],
      [9, 'a'],
      [10, 'the'],
    ]);
    expect(r.unsupported[0]?.signature).toBe('Modality.looksLike("US")');
  });
});
