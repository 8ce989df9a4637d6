import { GantryError } from '@gantry/domain';
import { REDACTED, safe, sanitizeFields } from './log-fields';

describe('sanitizeFields (redaction guard)', () => {
  it('passes numbers, booleans, null and vouched values; drops undefined', () => {
    expect(
      sanitizeFields({ count: 3, ok: true, none: null, gone: undefined, key: safe('3f2a'), keys: safe(['a', 'b']), big: safe(10n) }),
    ).toEqual({ count: 3, ok: true, none: null, key: '3f2a', keys: ['a', 'b'], big: '10' });
  });

  it('redacts text that was not vouched for, however it got in', () => {
    const sneaky = { patientName: 'DOE^JANE', nested: { id: 'PAT123', list: ['x', 1] } } as unknown as Record<string, never>;
    expect(sanitizeFields(sneaky)).toEqual({ patientName: REDACTED, nested: { id: REDACTED, list: [REDACTED, 1] } });
  });

  it('redacts bytes, dates and class instances', () => {
    const fields = { bytes: Buffer.from('x'), date: new Date(0), map: new Map() } as unknown as Record<string, never>;
    expect(sanitizeFields(fields)).toEqual({ bytes: REDACTED, date: REDACTED, map: REDACTED });
  });

  it("keeps a GantryError's message but not a foreign error's", () => {
    const out = sanitizeFields({
      gantry: new GantryError('BLOB_IO', 'blob put failed: raw/ab/x.dcm'),
      foreign: Object.assign(new Error("bad value 'DOE^JANE' in (0010,0010)"), { code: 'ERR_PARSE' }),
    });
    expect(out['gantry']).toMatchObject({ type: 'GantryError', code: 'BLOB_IO', message: 'blob put failed: raw/ab/x.dcm' });
    expect(out['foreign']).toMatchObject({ type: 'Error', code: 'ERR_PARSE', message: REDACTED });
    expect(JSON.stringify(out)).not.toContain('DOE');
  });

  it("keeps a foreign error's message when vouched for, and follows causes", () => {
    const error = new GantryError('WRAPPED', 'wrapped', { cause: new Error('connect ECONNREFUSED 10.0.0.1:5432') });
    expect(sanitizeFields({ err: error })['err']).toMatchObject({ cause: { message: REDACTED } });
    expect(sanitizeFields({ err: safe(error) })['err']).toMatchObject({ cause: { message: 'connect ECONNREFUSED 10.0.0.1:5432' } });
  });

  it('keeps stack frames without the message line', () => {
    const out = sanitizeFields({ err: new Error('secret value') })['err'] as { stack: string };
    expect(out.stack).toMatch(/^at /);
    expect(out.stack).not.toContain('secret value');
  });
});
