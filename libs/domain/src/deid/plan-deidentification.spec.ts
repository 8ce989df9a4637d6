import { createHash } from 'node:crypto';
import { canonicalJson } from '../config/canonical-json';
import { ConfigValidationError } from '../config/config-error';
import type { GantryPipelineConfig } from '../config/config-types';
import { DicomBuilder } from '../dicom/builder/dicom-builder';
import { DicomElement } from '../dicom/element';
import type { DicomObject } from '../dicom/parse-dicom';
import { vrOf } from '../dicom/tag';
import { resolveCode } from './compound-code';
import type { PlannedAction } from './deid-types';
import { planDeidentification } from './plan-deidentification';
import { findingsOf, planHash } from './plan-hash';
import { configWith } from './testing/deid-fixtures';
import { PHI_TOKENS, SAFE_TEXT_PRIVATE, phiBuilder } from './testing/phi-fixtures';

const at = (obj: DicomObject, config: GantryPipelineConfig, path: string): PlannedAction | undefined =>
  planDeidentification(obj, config).actions.find((a) => a.path === path);
const brief = (a: PlannedAction | undefined): string => (a === undefined ? 'absent' : `${a.action} ${a.rule} ${a.reason}`);

describe('planDeidentification', () => {
  const phi = phiBuilder().build();

  it('lists every element of the meta and the data set, items after their sequence, and no value', () => {
    const plan = planDeidentification(phi, configWith({ cleanStructuredContent: true }));
    const paths = plan.actions.map((a) => a.path);
    expect(paths).toContain('(0002,0003)');
    expect(paths).toContain('(0040,A730)[0].(0040,A730)[0].(0040,A730)[0].(0040,A160)');
    expect(paths).toContain('(0008,2218)[0].(0008,2220)[0].(0040,A043)[0].(0008,0104)');
    expect(new Set(paths).size).toBe(paths.length);
    // Items of removed sequences are gone with them and need no action of their own.
    expect(paths.some((p) => p.startsWith('(0040,0275)['))).toBe(false);
    const text = JSON.stringify(plan).toLowerCase();
    for (const token of PHI_TOKENS) expect(text).not.toContain(token);
  });

  it('resolves compound codes by the Type in the IOD', () => {
    const config = configWith();
    expect(brief(at(phi, config, '(0008,0023)'))).toBe('Z e1-1:00080023 COMPOUND_TYPE2'); // Content Date, Z/D, 2C in CT
    expect(brief(at(phi, config, '(0008,0080)'))).toBe('X e1-1:00080080 COMPOUND_OPTIONAL'); // Institution Name, X/Z/D, 3
    expect(brief(at(phi, config, '(0008,0012)'))).toBe('X e1-1:00080012 COMPOUND_OPTIONAL'); // X/D
    // Unknown SOP class: the most demanding Type of any IOD (Content Date is Type 1 somewhere).
    const unknown = new DicomBuilder().instance({ sopClassUid: '1.2.3.4' }).build();
    expect(brief(at(unknown, config, '(0008,0023)'))).toBe('D e1-1:00080023 COMPOUND_TYPE1');
    expect(brief(at(phi, config, '(0008,0023)'))).not.toBe(brief(planDeidentification(phi, config, { iod: 'No Such IOD' }).actions.find((a) => a.path === '(0008,0023)')));
  });

  it.each([
    ['Z/D', ['D', 'Z', 'Z', 'Z', 'D', 'Z']],
    ['X/Z', ['Z', 'Z', 'X', 'X', 'Z', 'Z']],
    ['X/D', ['D', 'D', 'X', 'X', 'D', 'D']],
    ['X/Z/D', ['D', 'Z', 'X', 'X', 'D', 'Z']],
    ['X/Z/U*', ['U', 'Z', 'X', 'X', 'U', 'Z']],
    ['K', ['K', 'K', 'K', 'K', 'K', 'K']],
  ] as const)('resolves %s for Types 1, 2, 3, unknown, 1C, 2C', (code, expected) => {
    const types = ['1', '2', '3', undefined, '1C', '2C'] as const;
    expect(types.map((t) => resolveCode(code, () => t).action)).toEqual(expected);
  });

  it('lets the option that retains more win when several cover a row', () => {
    const obj = new DicomBuilder().set('DateOfLastDetectorCalibration', 'DA', '20240101').build();
    const both = configWith({ retainDeviceIdentity: true, retainLongitudinalModifiedDates: true });
    expect(brief(at(obj, both, '(0018,700C)'))).toBe('K e1-1:0018700C OPTION_RETAIN_DEVICE_IDENTITY');
    expect(brief(at(obj, configWith({ retainLongitudinalModifiedDates: true }), '(0018,700C)'))).toBe(
      'C e1-1:0018700C OPTION_RETAIN_LONGITUDINAL_MODIFIED_DATES',
    );
    // Dates the table does not list shift too under modified dates.
    const extra = new DicomBuilder().set('ExpiryDate', 'DA', '20240101').build();
    expect(brief(at(extra, configWith(), '(0014,1020)'))).toBe('K default:keep NOT_IN_PROFILE');
    expect(brief(at(extra, configWith({ retainLongitudinalModifiedDates: true }), '(0014,1020)'))).toBe(
      'C default:date OPTION_RETAIN_LONGITUDINAL_MODIFIED_DATES',
    );
  });

  it('replaces Patient ID, and Patient Name when so configured, by the pseudonym', () => {
    expect(brief(at(phi, configWith(), '(0010,0020)'))).toBe('D pseudonym:patient-id PSEUDONYM');
    expect(brief(at(phi, configWith(), '(0010,0010)'))).toBe('D pseudonym:patient-name PSEUDONYM');
    const empty = configWith({}, { pseudonyms: { patientIdPrefix: 'P-', patientName: 'empty' } });
    expect(brief(at(phi, empty, '(0010,0010)'))).toBe('Z e1-1:00100010 BASIC_PROFILE');
  });

  it('dummies every value inside a sequence whose action is D, but for the coded strings and integers of its structure', () => {
    const plan = planDeidentification(phi, configWith());
    const inside = plan.actions.filter((a) => a.path.startsWith('(0040,A730)['));
    expect(inside.length).toBeGreaterThan(6);
    for (const a of inside) {
      const expected = a.vr === 'CS' ? 'K e1-1:0040A730 DUMMY_SEQUENCE_STRUCTURE' : 'D e1-1:0040A730 DUMMY_SEQUENCE_CONTENT';
      expect(`${a.path} ${a.action} ${a.rule} ${a.reason}`).toBe(`${a.path} ${expected}`);
    }
    expect(inside.filter((a) => a.vr === 'CS').map((a) => a.tag)).toContain('0040A040'); // Value Type
  });

  it('dummies a coded string inside a D sequence that holds one of the object\'s identifiers', () => {
    const obj = phiBuilder().build();
    obj.dataset.set('ContentSequence', 'SQ', [{ ValueType: 'TEXT', RelationshipType: { vr: 'CS', value: 'MRN778899' } }]);
    const inside = planDeidentification(obj, configWith()).actions.filter((a) => a.path.startsWith('(0040,A730)['));
    expect(inside.map((a) => `${a.tag} ${a.action} ${a.reason}`)).toEqual(['0040A010 D DUMMY_SEQUENCE_CONTENT', '0040A040 K DUMMY_SEQUENCE_STRUCTURE']);
  });

  it('removes private elements and their creators unless Retain Safe Private vouches for them', () => {
    const creatorPath = '(0019,0010)';
    const safePath = `(0019,10${SAFE_TEXT_PRIVATE.element.toString(16).toUpperCase()})`;
    const basic = planDeidentification(phi, configWith()).actions;
    expect(basic.filter((a) => a.tag.startsWith('0009') || a.tag.startsWith('0019')).every((a) => a.action === 'X')).toBe(true);
    const safe = planDeidentification(phi, configWith({ retainSafePrivate: true })).actions;
    const find = (p: string): PlannedAction | undefined => safe.find((a) => a.path === p);
    // The safe element holds the patient's name, so it is kept but cleaned.
    expect(brief(find(safePath))).toBe('C text:patient-name IDENTIFIER_IN_TEXT');
    expect(find(safePath)?.creator).toBe(SAFE_TEXT_PRIVATE.creator);
    expect(brief(find(creatorPath))).toBe('K e1-1:private PRIVATE_CREATOR_IN_USE');
    expect(brief(find('(0009,0010)'))).toBe('X e1-1:private PRIVATE_CREATOR_UNUSED');
    expect(brief(find('(0009,1010)'))).toBe('X e1-1:private PRIVATE_UNSAFE');
    // A creator string nobody publishes is a value from the file: the plan does not repeat it.
    expect(find('(0009,1010)')?.creator).toBeUndefined();
    expect(find(creatorPath)?.creator).toBe(SAFE_TEXT_PRIVATE.creator);
  });

  it('removes private elements without a creator or with an unknown VR', () => {
    const ds = new DicomBuilder().build();
    ds.dataset.put(new DicomElement('00111010', 'LO', Object.freeze(['orphan'])));
    const tag = ds.dataset.setPrivate(0x0019, SAFE_TEXT_PRIVATE.creator, SAFE_TEXT_PRIVATE.element, 'LO', 'x');
    ds.dataset.put(new DicomElement(tag, 'UN', new Uint8Array([0x41, 0x20])));
    const plan = planDeidentification(ds, configWith({ retainSafePrivate: true }));
    expect(brief(plan.actions.find((a) => a.tag === '00111010'))).toBe('X e1-1:private PRIVATE_NO_CREATOR');
    expect(brief(plan.actions.find((a) => a.tag === tag))).toBe('X e1-1:private PRIVATE_UNKNOWN_VR');
  });

  it('applies overrides last, for standard tags at any depth and private elements by creator', () => {
    const config = configWith(
      {},
      {
        overrides: [
          { tag: 'InstitutionName', action: 'remove' },
          { tag: '(0008,0080)', action: 'keep' },
          { tag: 'CodeMeaning', action: 'hash' },
          { tag: { creator: 'ACME PRIVATE', group: '0009', element: '10' }, action: 'replace', value: 'R' },
        ],
      },
    );
    const plan = planDeidentification(phi, config).actions;
    const find = (p: string): string => brief(plan.find((a) => a.path === p));
    expect(find('(0008,0080)')).toBe('K override:1 OVERRIDE');
    expect(find('(0008,2218)[0].(0008,2220)[0].(0040,A043)[0].(0008,0104)')).toBe('HASH override:2 OVERRIDE');
    expect(find('(0009,1010)')).toBe('REPLACE override:3 OVERRIDE');
    expect(find('(0009,0010)')).toBe('K e1-1:private PRIVATE_CREATOR_IN_USE');
  });

  it('applies custom rules: a tag rule replaces the table, a pattern rule flags matching text', () => {
    const obj = new DicomBuilder().patient({ name: 'DOE^JANE' }).set('ImageComments', 'LT', 'MRN123456').set('AdditionalPatientHistory', 'LT', 'x').build();
    obj.dataset.set('ManufacturerModelName', 'LO', 'MRN654321');
    const config = configWith(
      { cleanDescriptors: true },
      {
        customRules: [
          { id: 'keep-series', tag: 'SeriesDescription', action: 'K' },
          { id: 'mrn', pattern: '^MRN\\d{6}$', action: 'X', reason: 'MRN_IN_TEXT' },
          { id: 'mrn-lo-only', pattern: 'MRN', vr: ['LO'], action: 'C' },
        ],
      },
    );
    const plan = planDeidentification(obj, config).actions;
    const find = (p: string): string => brief(plan.find((a) => a.path === p));
    expect(find('(0008,103E)')).toBe('K custom:keep-series CUSTOM_RULE');
    expect(find('(0020,4000)')).toBe('X custom:mrn MRN_IN_TEXT');
    expect(find('(0008,1090)')).toBe('X custom:mrn MRN_IN_TEXT');
  });

  it('turns kept free text holding the object’s identifiers into C, word-bounded', () => {
    const obj = new DicomBuilder().patient({ name: 'DOE^JANE^Q', id: 'P12', birthDate: '19800705' }).build();
    const config = configWith({ cleanDescriptors: true });
    const comment = (text: string): string => {
      obj.dataset.set('ImageComments', 'LT', text);
      return brief(at(obj, config, '(0020,4000)'));
    };
    expect(comment('seen by jane')).toBe('C text:patient-name IDENTIFIER_IN_TEXT');
    expect(comment('born 5.7.1980')).toBe('C text:birth-date IDENTIFIER_IN_TEXT');
    expect(comment('born 07/05/1980')).toBe('C text:birth-date IDENTIFIER_IN_TEXT');
    expect(comment('born July 5th, 1980')).toBe('C text:birth-date IDENTIFIER_IN_TEXT');
    expect(comment('acc ACC0001')).toBe('C text:accession IDENTIFIER_IN_TEXT');
    expect(comment('Doesburg, Janet, Q-wave, P12x, 198007051')).toBe('C e1-1:00204000 OPTION_CLEAN_DESCRIPTORS');
    // Kept because the profile does not list it, still scanned.
    obj.dataset.set('Manufacturer', 'LO', 'Doe Medical');
    expect(brief(at(obj, config, '(0008,0070)'))).toBe('C text:patient-name IDENTIFIER_IN_TEXT');
  });

  it('flags pixel data that may show burned-in text', () => {
    const risk = (o: DicomObject, config = configWith()): readonly string[] => planDeidentification(o, config).pixelRisk.reasons;
    expect(planDeidentification(new DicomBuilder().build(), configWith()).pixelRisk).toEqual({ atRisk: false, reasons: [] });
    expect(risk(new DicomBuilder().series({ modality: 'US' }).build())).toEqual(['RISKY_MODALITY']);
    expect(risk(new DicomBuilder().series({ modality: 'SC' }).build())).toEqual(['RISKY_MODALITY', 'SECONDARY_CAPTURE_SOP_CLASS', 'IMAGE_TYPE_SECONDARY']);
    expect(risk(new DicomBuilder().set('BurnedInAnnotation', 'CS', 'YES').set('ImageType', 'CS', ['DERIVED', 'SECONDARY']).build())).toEqual([
      'BURNED_IN_ANNOTATION',
      'IMAGE_TYPE_SECONDARY',
    ]);
    const overlay = new DicomBuilder().set('60023000', 'OW', new Uint8Array(8)).build();
    expect(risk(overlay)).toEqual([]);
    expect(risk(overlay, configWith({ cleanGraphics: true }))).toEqual(['OVERLAY_RETAINED']);
  });

  it('hashes the canonical action list: stable, and sensitive to every decision', () => {
    const plan = planDeidentification(phi, configWith());
    expect(plan.planHash).toBe(createHash('sha256').update(canonicalJson(plan.actions)).digest('hex'));
    expect(planDeidentification(phi, configWith()).planHash).toBe(plan.planHash);
    expect(planDeidentification(phi, configWith({ retainUIDs: true })).planHash).not.toBe(plan.planHash);
    const changed = plan.actions.map((a, i) => (i === 5 ? { ...a, reason: 'OTHER' } : a));
    expect(planHash(changed)).not.toBe(plan.planHash);
  });

  it('reports as findings exactly the actions that are not K', () => {
    const plan = planDeidentification(phi, configWith());
    const findings = findingsOf(plan);
    expect(findings.length).toBe(plan.actions.filter((a) => a.action !== 'K').length);
    expect(findings.every((f) => f.action !== 'K')).toBe(true);
    expect(findings.length).toBeGreaterThan(20);
  });

  it('removes attributes nobody knows and text it cannot read', () => {
    const obj = new DicomBuilder().build();
    expect(vrOf('0018FF01')).toBeUndefined();
    obj.dataset.put(new DicomElement('0018FF01', 'LO', Object.freeze(['mystery'])));
    obj.dataset.put(new DicomElement('00081030', 'UN', new Uint8Array([0x44, 0x4f, 0x45, 0x20])));
    obj.dataset.put(new DicomElement('00080070', 'UN', new Uint8Array([0x44, 0x4f, 0x45, 0x20])));
    obj.dataset.put(new DicomElement('00281050', 'UN', new Uint8Array([0x34, 0x30])));
    const actions = planDeidentification(obj, configWith({ cleanDescriptors: true })).actions;
    const find = (p: string): string => brief(actions.find((a) => a.path === p));
    expect(find('(0018,FF01)')).toBe('X default:unknown UNKNOWN_ATTRIBUTE');
    expect(find('(0008,1030)')).toBe('X e1-1:00081030 UN_NOT_CLEANABLE');
    expect(find('(0008,0070)')).toBe('X default:keep UN_NOT_CLEANABLE');
    // Window Center is a number (DS), not free text: kept.
    expect(find('(0028,1050)')).toBe('K default:keep NOT_IN_PROFILE');
  });

  it('validates a configuration built in code before using it', () => {
    const bad = configWith({}, { customRules: [{ id: 'x', pattern: '(', action: 'X' }], overrides: [{ tag: 'NoSuchKeyword', action: 'keep' }] });
    expect(() => planDeidentification(phi, bad)).toThrow(ConfigValidationError);
    expect(() => planDeidentification(phi, bad)).toThrow(/customRules\/0\/pattern: must be a valid regular expression/);
  });

  it('drops group lengths and file meta the writer regenerates', () => {
    const obj = new DicomBuilder().build();
    obj.dataset.put(new DicomElement('00080000', 'UL', Object.freeze([4])));
    obj.meta.set('00020016', 'AE', 'QUIXOTE-PC');
    const actions = planDeidentification(obj, configWith()).actions;
    expect(brief(actions.find((a) => a.path === '(0008,0000)'))).toBe('X housekeeping:group-length HOUSEKEEPING');
    expect(brief(actions.find((a) => a.path === '(0002,0016)'))).toBe('X housekeeping:file-meta HOUSEKEEPING');
    expect(brief(actions.find((a) => a.path === '(0002,0003)'))).toBe('U e1-1:00020003 BASIC_PROFILE');
  });
});
