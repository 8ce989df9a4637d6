import { IOD_MODULES_DATA, PROFILE_DATA, SAFE_PRIVATE_DATA, SOP_CLASSES_DATA } from './data';
import { ACTION_CODES, PROFILE_OPTIONS, type AttributeType } from './types';

/*
 * The data files are asserted to their types in data.ts; these checks make that
 * assertion true by looking at every value once.
 */
const TYPES: readonly (AttributeType | undefined)[] = ['1', '1C', '2', '2C', '3', undefined];
const SHA256 = /^[0-9a-f]{64}$/;

describe('generated data files', () => {
  it('record edition, source and checksum', () => {
    for (const d of [PROFILE_DATA, IOD_MODULES_DATA, SAFE_PRIVATE_DATA, SOP_CLASSES_DATA]) {
      expect(d.edition).not.toBe('');
      expect(d.source).toMatch(/\.(json|xml)$/);
      expect(d.sha256).toMatch(SHA256);
      expect(d.generatedBy).toBe('tools/src/generate/main.ts');
    }
    expect(IOD_MODULES_DATA.edition).toBe('2008');
  });

  it('hold only known action codes and option names in the profile', () => {
    for (const r of PROFILE_DATA.rules) {
      expect(r.tag).toMatch(/^([0-9A-FX]{8}|PRIVATE)$/);
      expect(ACTION_CODES).toContain(r.basic);
      for (const [option, code] of Object.entries(r.options)) {
        expect(PROFILE_OPTIONS).toContain(option);
        expect(ACTION_CODES).toContain(code);
      }
    }
  });

  it('hold well-formed modules, every one used by an IOD and every IOD module defined', () => {
    const used = new Set(Object.values(IOD_MODULES_DATA.iods).flatMap((i) => i.modules.map(([ref]) => ref)));
    expect([...used].sort()).toEqual(Object.keys(IOD_MODULES_DATA.modules).sort());
    for (const iod of Object.values(IOD_MODULES_DATA.iods)) {
      for (const [, usage] of iod.modules) expect(['M', 'U', 'C']).toContain(usage);
    }
    for (const m of Object.values(IOD_MODULES_DATA.modules)) {
      for (const [path, type] of m.attributes) {
        expect(path).toMatch(/^[0-9A-FX]{8}(\/[0-9A-FX]{8})*$/);
        expect(TYPES).toContain(type);
      }
    }
  });

  it('name an IOD for every SOP class, and key IODs by those names', () => {
    const iods = new Set(Object.values(SOP_CLASSES_DATA.sopClasses).map((s) => s.iod));
    for (const name of Object.keys(IOD_MODULES_DATA.iods)) expect(iods).toContain(name);
  });

  it('hold safe private entries in odd groups with an element byte', () => {
    for (const e of SAFE_PRIVATE_DATA.entries) {
      expect(e.group).toMatch(/^[0-9A-F]{3}[13579BDF]$/);
      expect(e.element).toMatch(/^[0-9A-F]{2}$/);
      expect(e.creator).toBe(e.creator.trim());
    }
  });
});
