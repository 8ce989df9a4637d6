import type { DeidConfig, GantryPipelineConfig } from '../config/config-types';
import type { DataSet } from '../dicom/data-set';
import type { DicomElement } from '../dicom/element';
import type { DicomObject } from '../dicom/parse-dicom';
import { isPrivateCreatorTag, isPrivateTag, tagElement, tagGroup } from '../dicom/tag';
import type { DeidPlan, PlanContext, PlannedAction } from './deid-types';
import { dummyContentDecision, privateDecision, standardDecision, type Decision } from './element-decision';
import { reportableCreator } from './known-creators';
import { isOverlayData, assessPixelRisk } from './pixel-risk';
import { planEnvironment, type PlanEnvironment } from './plan-environment';
import { planHash } from './plan-hash';
import { refineText } from './text-refine';

/** How a data set is planned: the file meta, an ordinary level, or the inside of a D sequence. */
type Mode = { readonly kind: 'meta' } | { readonly kind: 'normal' } | { readonly kind: 'dummy'; readonly rule: string };

interface Sink {
  readonly actions: PlannedAction[];
  overlayKept: boolean;
}

/** Sequences whose action keeps them have their items planned element by element. */
const RECURSES = new Set(['K', 'C', 'U']);

function decide(el: DicomElement, path: string, ds: DataSet, env: PlanEnvironment, mode: Mode): Decision {
  if (mode.kind === 'dummy') return dummyContentDecision(el, mode.rule, ds, env);
  const d = isPrivateTag(el.tag) ? privateDecision(el, ds, env) : standardDecision(el, path, env, mode.kind === 'meta');
  return refineText(el, d, env);
}

function toAction(el: DicomElement, path: string, d: Decision): PlannedAction {
  const base = { path, tag: el.tag, vr: el.vr, action: d.action, rule: d.rule, reason: d.reason };
  const creator = reportableCreator(d.creator);
  return creator === undefined ? base : { ...base, creator };
}

/**
 * A private creator stays only while an element of its block stays: the block's elements
 * need it to be read, and a creator with nothing left to describe only names a vendor.
 */
function settleCreators(ds: DataSet, sink: Sink, creators: readonly number[], used: ReadonlySet<string>): void {
  for (const index of creators) {
    const a = sink.actions[index] as PlannedAction;
    const inUse = used.has(`${tagGroup(a.tag)}|${tagElement(a.tag)}`);
    const creator = reportableCreator(ds.string(a.tag));
    sink.actions[index] = {
      ...a,
      ...(inUse && { action: 'K', reason: 'PRIVATE_CREATOR_IN_USE' }),
      ...(creator !== undefined && { creator }),
    };
  }
}

function planItems(sequence: DicomElement, path: string, env: PlanEnvironment, sink: Sink, d: Decision): void {
  const mode: Mode | undefined = d.action === 'D' ? { kind: 'dummy', rule: d.rule } : RECURSES.has(d.action) ? { kind: 'normal' } : undefined;
  if (mode === undefined) return;
  (sequence.value as readonly DataSet[]).forEach((item, i) => planDataSet(item, `${path}[${i}].`, env, sink, mode));
}

function planDataSet(ds: DataSet, prefix: string, env: PlanEnvironment, sink: Sink, mode: Mode): void {
  const creators: number[] = [];
  const used = new Set<string>();
  for (const el of ds.elements()) {
    const path = `${prefix}(${el.tag.slice(0, 4)},${el.tag.slice(4)})`;
    const d = decide(el, path, ds, env, mode);
    if (isPrivateCreatorTag(el.tag)) creators.push(sink.actions.length);
    else if (isPrivateTag(el.tag) && d.action !== 'X') used.add(`${tagGroup(el.tag)}|${tagElement(el.tag) >> 8}`);
    if (d.action !== 'X' && d.action !== 'Z' && isOverlayData(el.tag)) sink.overlayKept = true;
    sink.actions.push(toAction(el, path, d));
    if (el.vr === 'SQ') planItems(el, path, env, sink, d);
  }
  settleCreators(ds, sink, creators, used);
}

const deidSection = (config: GantryPipelineConfig | DeidConfig): DeidConfig => ('deid' in config ? config.deid : config);

/**
 * Decide, for every element of the object (file meta, every item of every sequence,
 * private elements and their creators), what de-identification does to it, and why.
 * Pure and deterministic: the same object and configuration give the same plan, and
 * the plan holds paths, tags and rule ids, never a value.
 */
export function planDeidentification(obj: DicomObject, config: GantryPipelineConfig | DeidConfig, ctx: PlanContext = {}): DeidPlan {
  const env = planEnvironment(obj, deidSection(config), ctx);
  const sink: Sink = { actions: [], overlayKept: false };
  planDataSet(obj.meta, '', env, sink, { kind: 'meta' });
  planDataSet(obj.dataset, '', env, sink, { kind: 'normal' });
  return { actions: sink.actions, pixelRisk: assessPixelRisk(obj.dataset, sink.overlayKept), planHash: planHash(sink.actions) };
}
