import { readFileSync } from 'node:fs';
import { CTP_LIBRARY, matchMachine, validateConfig, type RedactionHeader } from '@gantry/domain';
import { buildCtpLibrary, CTP_LIBRARY_FILE, ctpEdition, readCtpScript } from './ctp-library';
import { SHARED_SNAPSHOT_DIR } from './main';

/*
 * The embedded CTP library is derived data: it must be exactly what the generator makes
 * from the script (its committed snapshot of ../shared; a missing script fails here, never
 * skips), and usable as
 * the machines of a pipeline configuration.
 */
describe('CTP pixel library generator', () => {
  it('matches the committed data file (regenerate: npm run build && node tools/dist/generate/ctp-library.js)', () => {
    const { json } = buildCtpLibrary(readCtpScript(SHARED_SNAPSHOT_DIR));
    expect(readFileSync(CTP_LIBRARY_FILE, 'utf8')).toBe(json);
  });

  it('converts all 52 signatures of the script, with its sha256 and edition recorded', () => {
    expect(CTP_LIBRARY.signatures).toBe(52);
    expect(CTP_LIBRARY.machines).toHaveLength(52);
    expect(CTP_LIBRARY.unsupported).toEqual([]);
    expect(CTP_LIBRARY.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(CTP_LIBRARY.edition).toContain('2023-03-31');
  });

  it('is a valid redaction section of the pipeline configuration', () => {
    const config = validateConfig({ version: 1, redaction: { machines: CTP_LIBRARY.machines } });
    expect(config.redaction.machines).toHaveLength(52);
  });

  it('matches a GE CT dose report as CTP does', () => {
    const attrs: Record<string, string> = { SeriesDescription: 'Dose Report', Manufacturer: 'GE MEDICAL SYSTEMS' };
    const header: RedactionHeader = { manufacturer: 'GE MEDICAL SYSTEMS', attribute: (k) => attrs[k] };
    expect(matchMachine(CTP_LIBRARY, header)?.zones).toEqual([{ x: 0, y: 0, width: 512, height: 110 }]);
  });

  it('names the newest dated entry as the edition, or none', () => {
    expect(ctpEdition('Philips  31-03-2023\nOther 01-02-2019')).toContain('newest dated entry 2023-03-31');
    expect(ctpEdition('no dates')).toBe('RSNA CTP DicomPixelAnonymizer.script (unversioned)');
  });
});
