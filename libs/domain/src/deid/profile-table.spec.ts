import type { GantryPipelineConfig } from '../config/config-types';
import { DataSet } from '../dicom/data-set';
import type { DicomElement } from '../dicom/element';
import { DicomBuilder } from '../dicom/builder/dicom-builder';
import { parseDicom, type DicomObject } from '../dicom/parse-dicom';
import { rootTagPath } from '../dicom/tag-path';
import { vrOf } from '../dicom/tag';
import { vrKind, type Vr } from '../dicom/vr';
import { writeDicom } from '../dicom/write-dicom';
import { confidentialityRules } from '../standard/confidentiality';
import { safePrivateEntries } from '../standard/safe-private';
import { PROFILE_OPTIONS, type ActionCode, type ProfileOption, type ProfileRule, type SafePrivateEntry } from '../standard/types';
import { applyDeidentification } from './apply-deidentification';
import type { DeidAction, PlannedAction } from './deid-types';
import { planDeidentification } from './plan-deidentification';
import { VALID_TEXT, configWith, plantedValue, testKeys } from './testing/deid-fixtures';

/** One Table E.1-1 row placed in a concrete element. */
interface Placed {
  readonly rule: ProfileRule;
  readonly tag: string;
  readonly vr: Vr;
  readonly where: 'dataset' | 'meta' | 'private';
}

const SAFE = safePrivateEntries().find((e) => e.vr === 'LO') as SafePrivateEntry;
const SAFE_GROUP = parseInt(SAFE.group, 16);
const BASE = new DicomBuilder({ seed: 'table' }).patient({ name: 'ROWPATIENT^ALPHA', id: 'ROWPID001' }).pixels({ rows: 8, columns: 8 }).build();
const KEYS = testKeys();
/** Patient's Name emptied, so its row shows the table's own Z rather than the pseudonym. */
const basic = (options: Partial<Record<ProfileOption, boolean>> = {}): GantryPipelineConfig =>
  configWith(options, { pseudonyms: { patientIdPrefix: 'GANTRY-', patientName: 'empty' } });

/** Wildcard rows stand for a concrete element of their group; the private row for a safe-listed one. */
const CONCRETE: Readonly<Record<string, string>> = { '50XXXXXX': '50003000', '60XX3000': '60023000', '60XX4000': '60004000' };

function place(rule: ProfileRule): Placed | undefined {
  if (rule.tag === 'PRIVATE') return { rule, tag: `${SAFE.group}10${SAFE.element}`.toUpperCase(), vr: SAFE.vr as Vr, where: 'private' };
  const tag = CONCRETE[rule.tag] ?? rule.tag;
  const vr = /^[0-9A-F]{8}$/.test(tag) ? vrOf(tag) : undefined;
  if (vr === undefined) return undefined;
  return { rule, tag, vr, where: tag.startsWith('0002') ? 'meta' : 'dataset' };
}

function objectWith(p: Placed, n: number): DicomObject {
  const obj = { ...BASE, dataset: BASE.dataset.clone(), meta: BASE.meta.clone() };
  if (p.where === 'private') obj.dataset.setPrivate(SAFE_GROUP, SAFE.creator, parseInt(SAFE.element, 16), p.vr, 'ROWPRIVATE');
  else if (p.where === 'dataset') obj.dataset.set(p.tag, p.vr, plantedValue(p.vr, n));
  return obj;
}

interface Outcome {
  readonly action: PlannedAction;
  readonly before: DicomElement;
  readonly after: DicomElement | undefined;
  readonly out: DicomObject;
}

function run(p: Placed, n: number, config: GantryPipelineConfig, apply = true): Outcome {
  const obj = objectWith(p, n);
  const plan = planDeidentification(obj, config);
  const action = plan.actions.find((a) => a.path === rootTagPath(p.tag)) as PlannedAction;
  const before = (p.where === 'meta' ? obj.meta : obj.dataset).get(p.tag) as DicomElement;
  if (!apply) return { action, before, after: undefined, out: obj };
  const out = parseDicom(writeDicom(applyDeidentification(obj, plan, config, KEYS).object));
  return { action, before, after: (p.where === 'meta' ? out.meta : out.dataset).get(p.tag), out };
}

const allowed = (code: ActionCode): string[] => code.split('/').map((c) => (c === 'U*' ? 'U' : c));
const textOf = (el: DicomElement): readonly string[] => (vrKind(el.vr) === 'text' ? (el.value as readonly string[]) : []);
const isEmpty = (el: DicomElement): boolean => {
  const v = el.value;
  return v instanceof Uint8Array ? v.length === 0 : Array.isArray(v) && v.length === 0;
};

function leafTexts(items: readonly DataSet[]): string[] {
  return items.flatMap((i) => [...i.elements()].flatMap((e) => (e.vr === 'SQ' ? leafTexts(e.value as readonly DataSet[]) : textOf(e))));
}

/** The dummy of a D: present, non-empty, valid for its VR, and not the planted value. */
function expectDummy(o: Outcome, vr: Vr): void {
  const after = o.after as DicomElement;
  expect(isEmpty(after)).toBe(false);
  expect(after.value).not.toEqual(o.before.value);
  if (vr === 'SQ') {
    expect(leafTexts(after.value as readonly DataSet[]).some((s) => s.startsWith('ROW'))).toBe(false);
    return;
  }
  const shape = VALID_TEXT[vr];
  if (shape) for (const s of textOf(after)) expect(s).toMatch(shape);
}

function expectCleaned(o: Outcome, vr: Vr, config: GantryPipelineConfig): void {
  const after = o.after as DicomElement;
  if ((vr === 'DA' || vr === 'DT') && config.deid.options.retainLongitudinalModifiedDates) {
    expect(textOf(after)[0]).toMatch(VALID_TEXT[vr] as RegExp);
    expect(after.value).not.toEqual(o.before.value);
  } else if (vr === 'SQ') {
    expect((after.value as readonly DataSet[]).length).toBe((o.before.value as readonly DataSet[]).length);
  } else {
    // Nothing identifying was planted, so cleaning leaves the value as it was.
    expect(after.value).toEqual(o.before.value);
  }
}

/** The planned action was carried out as PS3.15 E.3 defines it. */
function expectApplied(o: Outcome, p: Placed, config: GantryPipelineConfig): void {
  const a = o.action.action as DeidAction;
  if (a === 'X') return expect(o.after).toBeUndefined();
  expect(o.after).toBeDefined();
  const after = o.after as DicomElement;
  if (a === 'Z') return expect(isEmpty(after)).toBe(true);
  if (a === 'D') return expectDummy(o, p.vr);
  if (a === 'K' && p.vr === 'SQ') return expect(leafTexts(after.value as readonly DataSet[])).toEqual(leafTexts(o.before.value as readonly DataSet[]));
  if (a === 'K') return expect(after.value).toEqual(o.before.value);
  if (a === 'C') return expectCleaned(o, p.vr, config);
  expect(a).toBe('U');
  if (p.vr !== 'UI') return expect(vrKind(after.vr)).toBe('sequence');
  for (const uid of textOf(after)) {
    expect(uid).toMatch(/^2\.25\.(0|[1-9]\d*)$/);
    expect(uid.length).toBeLessThanOrEqual(64);
  }
  expect(after.value).not.toEqual(o.before.value);
  if (p.where === 'meta') expect(textOf(after)).toEqual(o.out.dataset.strings('00080018'));
}

const rules = confidentialityRules().rules;
const placed = rules.map(place).filter((p): p is Placed => p !== undefined);
const skipped = rules.filter((r) => place(r) === undefined);

describe('PS3.15 Table E.1-1, row by row', () => {
  it('places every row the model can represent', () => {
    console.log(`E.1-1 rows: ${rules.length}; covered ${placed.length}, skipped ${skipped.length}`);
    expect(placed.length + skipped.length).toBe(621);
    // Every row has a dictionary VR, the wildcard rows a concrete group and the private row a safe-listed element.
    expect(skipped.map((r) => r.tag)).toEqual([]);
  });

  it('applies the basic action of every row', () => {
    const config = basic();
    placed.forEach((p, n) => {
      const o = run(p, n, config);
      const code = p.rule.tag === 'PRIVATE' ? 'X' : p.rule.basic;
      try {
        expect(allowed(code)).toContain(o.action.action);
        expectApplied(o, p, config);
      } catch (e) {
        throw new Error(`row ${p.rule.tag} (${p.rule.name}) ${code} → ${o.action.action}: ${String(e)}`);
      }
    });
  });

  it.each(PROFILE_OPTIONS.map((o) => [o]))('%s flips exactly the rows of its column', (option) => {
    const config = basic({ [option]: true });
    const base = basic();
    let flipped = 0;
    placed.forEach((p, n) => {
      const column = p.rule.options[option];
      const before = run(p, n, base, false).action.action;
      const o = run(p, n, config, column !== undefined);
      try {
        if (column === undefined) return expect(o.action.action).toBe(before);
        // Retain Safe Private keeps safe-listed elements as they are (its column says C).
        expect(o.action.action).toBe(p.rule.tag === 'PRIVATE' ? 'K' : column);
        expect(o.action.action).not.toBe(before);
        expectApplied(o, p, config);
        flipped += 1;
      } catch (e) {
        throw new Error(`row ${p.rule.tag} (${p.rule.name}) under ${option}: ${String(e)}`);
      }
    });
    expect(flipped).toBe(placed.filter((p) => p.rule.options[option] !== undefined).length);
    expect(flipped).toBeGreaterThan(0);
  });
});
