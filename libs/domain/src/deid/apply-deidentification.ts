import type { DeidConfig, GantryPipelineConfig } from '../config/config-types';
import { DataSet } from '../dicom/data-set';
import { DicomElement } from '../dicom/element';
import type { DicomObject } from '../dicom/parse-dicom';
import { rootTagPath } from '../dicom/tag-path';
import { GantryError } from '../errors';
import type { KeyRing } from '../keys/key-ring';
import { ApplyEnvironment, type ApplyContext, type ChangedElement, type PseudonymEntry } from './apply-environment';
import { addDeidMarkers } from './deid-markers';
import type { DeidAction, DeidPlan, PlannedAction } from './deid-types';
import { transformElement } from './element-transform';
import { enabledOptions } from './profile-action';

/** The plan was not made for this object: some element has no action, or an action no element. */
export class DeidPlanMismatchError extends GantryError {
  constructor(path: string) {
    super('PLAN_MISMATCH', `the plan does not match the object at ${path}`);
  }
}

export interface DeidResult {
  readonly object: DicomObject;
  /** How many planned actions of each kind were applied. */
  readonly counts: Readonly<Record<DeidAction, number>>;
  /** Original → pseudonym, for the encrypted pseudonym map only: never for events or logs. */
  readonly pseudonyms: readonly PseudonymEntry[];
  /** Original elements that were changed or removed, for the reversible mode; in-process only. */
  readonly changed: readonly ChangedElement[];
}

/** Sequences whose items are walked rather than replaced as a whole. */
const WALKED = new Set<DeidAction>(['K', 'C', 'U', 'D']);

function actionFor(el: DicomElement, path: string, env: ApplyEnvironment): PlannedAction {
  const a = env.actions.get(path);
  if (a === undefined || a.tag !== el.tag) throw new DeidPlanMismatchError(path);
  env.consumed += 1;
  env.counts[a.action] += 1;
  return a;
}

function applyDataSet(ds: DataSet, prefix: string, env: ApplyEnvironment, top: DataSet): DataSet {
  const out = new DataSet();
  for (const el of ds.elements()) {
    const path = `${prefix}(${el.tag.slice(0, 4)},${el.tag.slice(4)})`;
    const a = actionFor(el, path, env);
    if (el.vr === 'SQ' && WALKED.has(a.action)) {
      const items = (el.value as readonly DataSet[]).map((item, i) => applyDataSet(item, `${path}[${i}].`, env, top));
      out.put(new DicomElement(el.tag, 'SQ', Object.freeze(items)));
      continue;
    }
    const next = transformElement(el, a, ds, env, top);
    if (next !== el) env.changed.push({ path, tag: el.tag, vr: el.vr, original: el });
    if (next !== undefined) out.put(next);
  }
  return out;
}

/** File meta that agrees with the new data set; writeDicom regenerates the rest. */
function metaFor(meta: DataSet, dataset: DataSet): DataSet {
  const sopInstance = dataset.string('00080018');
  const sopClass = dataset.string('00080016');
  if (sopInstance !== undefined) meta.set('00020003', 'UI', sopInstance);
  if (sopClass !== undefined) meta.set('00020002', 'UI', sopClass);
  return meta;
}

const deidSection = (config: GantryPipelineConfig | DeidConfig): DeidConfig => ('deid' in config ? config.deid : config);

/**
 * Carry out a plan on a copy of the object exactly as PS3.15 E.3 defines each action:
 * D dummies (pseudonyms for the patient, keyed UIDs, shifted dates), Z empties, X
 * removes, K keeps, C cleans (dates shifted, identifiers cut from text), U remaps UIDs
 * into 2.25 UIDs by HMAC, and the overrides replace or hash. Then records the method in
 * the object. Deterministic: same object, plan, key and configuration, same bytes.
 */
export function applyDeidentification(
  obj: DicomObject,
  plan: DeidPlan,
  config: GantryPipelineConfig | DeidConfig,
  keys: KeyRing,
  ctx: ApplyContext = {},
): DeidResult {
  const deid = deidSection(config);
  const env = new ApplyEnvironment(obj, plan.actions, deid, keys, ctx);
  const meta = applyDataSet(obj.meta, '', env, obj.dataset);
  const dataset = applyDataSet(obj.dataset, '', env, obj.dataset);
  if (env.consumed !== plan.actions.length) {
    const stray = plan.actions.find((a) => !hasPath(obj, a.path));
    throw new DeidPlanMismatchError(stray?.path ?? '(plan)');
  }
  for (const original of addDeidMarkers(dataset, deid.options, enabledOptions(deid.options))) {
    env.changed.push({ path: rootTagPath(original.tag), tag: original.tag, vr: original.vr, original });
  }
  return {
    object: { meta: metaFor(meta, dataset), dataset, transferSyntaxUid: obj.transferSyntaxUid, hasPart10Header: obj.hasPart10Header },
    counts: env.counts,
    pseudonyms: env.pseudonyms,
    changed: env.changed,
  };
}

function hasPath(obj: DicomObject, path: string): boolean {
  let found = false;
  const seen = (ds: DataSet, prefix: string): void => {
    for (const el of ds.elements()) {
      const p = `${prefix}(${el.tag.slice(0, 4)},${el.tag.slice(4)})`;
      if (p === path) found = true;
      if (el.vr === 'SQ') (el.value as readonly DataSet[]).forEach((item, i) => seen(item, `${p}[${i}].`));
    }
  };
  seen(obj.meta, '');
  seen(obj.dataset, '');
  return found;
}
