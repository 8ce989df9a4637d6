import type { GantryPipelineConfig } from '../config/config-types';
import type { DeidAction, PlannedAction } from '../deid/deid-types';
import { planDeidentification } from '../deid/plan-deidentification';
import type { DataSet } from '../dicom/data-set';
import type { DicomElement } from '../dicom/element';
import type { DicomObject } from '../dicom/parse-dicom';
import { walk } from '../dicom/walk';
import { isAcceptableRemappedUid, isDummyElement, isEmptyElement, isGantryMark, isPseudonym } from './gantry-values';

/**
 * Why an element of a supposedly de-identified object fails the profile:
 * - PROFILE_REMOVES: present although the profile removes it (X), private ones included;
 * - NOT_EMPTY: holds a value where the profile empties (Z), and not one Gantry wrote;
 * - NOT_DUMMY: holds a value where the profile puts a dummy (D) or a dummied date;
 * - UID_NOT_REMAPPED: a UID the profile remaps is not a keyed 2.25 UID;
 * - PATTERN_MATCH: a configured custom pattern still matches;
 * - FILE_META: a file meta element the writer does not generate;
 * - MARKER_MISSING: Patient Identity Removed (0012,0062) is not YES.
 */
export const VIOLATION_CODES = ['PROFILE_REMOVES', 'NOT_EMPTY', 'NOT_DUMMY', 'UID_NOT_REMAPPED', 'PATTERN_MATCH', 'FILE_META', 'MARKER_MISSING'] as const;
export type ViolationCode = (typeof VIOLATION_CODES)[number];

export interface Violation {
  readonly path: string;
  readonly code: ViolationCode;
}

/** File meta the writer generates (buildFileMeta) and the remediator keeps. */
const META_ALLOWED = new Set(['00020000', '00020001', '00020002', '00020003', '00020010', '00020012', '00020013']);
const DATE_VRS = new Set(['DA', 'DT']);

interface Context {
  readonly prefix: string;
  readonly datesKept: boolean;
  readonly patternRules: ReadonlySet<string>;
}

const uidsOk = (el: DicomElement): boolean => (el.value as readonly string[]).every((u) => isAcceptableRemappedUid(u.trim()));

function pseudonymOk(el: DicomElement, ctx: Context): boolean {
  const patient = (el.tag === '00100020' && el.vr === 'LO') || (el.tag === '00100010' && el.vr === 'PN');
  return patient && (el.value as readonly string[]).every((v) => isPseudonym(v.trim(), ctx.prefix));
}

/** D: whatever applyDeidentification writes for it (dummy, pseudonym, keyed UID, shifted date). */
function dummyOk(el: DicomElement, ctx: Context): ViolationCode | undefined {
  if (el.vr === 'SQ') return undefined;
  if (el.vr === 'UI') return uidsOk(el) ? undefined : 'UID_NOT_REMAPPED';
  if (DATE_VRS.has(el.vr) && ctx.datesKept) return undefined;
  return isDummyElement(el) || pseudonymOk(el, ctx) ? undefined : 'NOT_DUMMY';
}

function judge(el: DicomElement, a: PlannedAction, ctx: Context): ViolationCode | undefined {
  const action: DeidAction = a.action;
  switch (action) {
    case 'X':
      return isGantryMark(el) ? undefined : 'PROFILE_REMOVES';
    case 'Z':
      return isEmptyElement(el) || isDummyElement(el) || pseudonymOk(el, ctx) ? undefined : 'NOT_EMPTY';
    case 'D':
      return dummyOk(el, ctx);
    case 'U':
      return el.vr !== 'UI' || uidsOk(el) ? undefined : 'UID_NOT_REMAPPED';
    case 'C':
      if (ctx.patternRules.has(a.rule)) return 'PATTERN_MATCH';
      return DATE_VRS.has(el.vr) && !ctx.datesKept && !isDummyElement(el) ? 'NOT_DUMMY' : undefined;
    default:
      return undefined;
  }
}

function elementsByPath(ds: DataSet): Map<string, DicomElement> {
  const out = new Map<string, DicomElement>();
  walk(ds, (el, path) => void out.set(path, el));
  return out;
}

function metaViolations(meta: DataSet): Violation[] {
  return meta.tags().filter((t) => !META_ALLOWED.has(t)).map((t) => ({ path: `(${t.slice(0, 4)},${t.slice(4)})`, code: 'FILE_META' }));
}

/**
 * Whether an object that the pipeline de-identified still satisfies the profile. Running
 * the inspector again is no test (UIDs would remap again, a pseudonym is a new value), so
 * the object is planned under the configuration and each element is checked against what
 * the plan's action leaves behind: removed elements absent, emptied ones empty, dummies,
 * pseudonyms and keyed UIDs where the profile replaces, no surviving custom-pattern hit,
 * only generated file meta, and the de-identification marker set. Identifiers in free
 * text are the known-value scan's concern. Paths and codes only; never a value.
 */
export function verifyDeidentified(obj: DicomObject, config: GantryPipelineConfig): Violation[] {
  const { options, pseudonyms, customRules } = config.deid;
  const ctx: Context = {
    prefix: pseudonyms.patientIdPrefix,
    datesKept: options.retainLongitudinalModifiedDates || options.retainLongitudinalFullDates,
    patternRules: new Set(customRules.filter((r) => r.pattern !== undefined).map((r) => `custom:${r.id}`)),
  };
  const out = metaViolations(obj.meta);
  const elements = elementsByPath(obj.dataset);
  for (const a of planDeidentification(obj, config).actions) {
    const el = elements.get(a.path);
    if (el === undefined || a.reason === 'HOUSEKEEPING') continue;
    const code = judge(el, a, ctx);
    if (code !== undefined) out.push({ path: a.path, code });
  }
  if (obj.dataset.string('00120062')?.toUpperCase() !== 'YES') out.push({ path: '(0012,0062)', code: 'MARKER_MISSING' });
  return out;
}
