import { childTagPath, rootTagPath } from '../dicom/tag-path';
import type { AttributeNode } from '../standard/modules';
import { iodForSopClass } from '../standard/sop-classes';
import { checkPlan, type PlannedModule } from './check-plan';
import type { Problem, ValidatableDataSet } from './problem';
import { repeatingGroupInstances } from './repeating-groups';
import { isEmptyValue, itemsOf } from './value-state';

const SOP_CLASS_UID = '00080016';

export interface ValidateIodOptions {
  /** Validate against this IOD (a current PS3.4 name) instead of the SOP Class UID's. */
  readonly iod?: string;
}

interface Sink {
  readonly module: string;
  readonly problems: Problem[];
  readonly seen: Set<string>;
}

function report(sink: Sink, problem: Problem): void {
  // Two modules may require the same attribute; one finding per path and code suffices.
  const key = `${problem.code}|${problem.path}`;
  if (sink.seen.has(key)) return;
  sink.seen.add(key);
  sink.problems.push(problem);
}

/**
 * Check one level: Type 1 present and non-empty, Type 2 present. Then descend into the
 * items of every sequence that is present, whatever its own Type, since the Types of
 * its item attributes apply whenever an item exists. Conditional Types (1C, 2C) are not
 * enforced: their conditions are prose in PS3.3. Repeating-group masks (60xx) are checked
 * per group by the caller, through repeatingGroupInstances.
 */
function checkLevel(ds: ValidatableDataSet, nodes: readonly AttributeNode[], path: (tag: string) => string, sink: Sink): void {
  for (const node of nodes) {
    if (node.tag.includes('X')) continue;
    const el = ds.get(node.tag);
    const where = path(node.tag);
    if (el === undefined) {
      if (node.type === '1') report(sink, { code: 'TYPE1_MISSING', path: where, module: sink.module, type: '1' });
      if (node.type === '2') report(sink, { code: 'TYPE2_MISSING', path: where, module: sink.module, type: '2' });
      continue;
    }
    if (node.type === '1' && isEmptyValue(el.value)) {
      report(sink, { code: 'TYPE1_EMPTY', path: where, module: sink.module, type: '1' });
    }
    if (node.children.length === 0) continue;
    itemsOf(el.value).forEach((item, i) => checkLevel(item, node.children, (t) => childTagPath(where, i, t), sink));
  }
}

/** Mandatory modules always; a User/Conditional one only when its own attributes show it is present. */
const isPresent = (ds: ValidatableDataSet, m: PlannedModule): boolean =>
  m.signature === undefined || m.signature.some((t) => ds.get(t) !== undefined);

function sopClassUid(ds: ValidatableDataSet): string | undefined {
  const value = ds.get(SOP_CLASS_UID)?.value;
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first.trim() !== '' ? first.trim() : undefined;
}

/**
 * Check a dataset against the Type 1 and Type 2 requirements of its IOD (from the SOP
 * Class UID, or `options.iod`), per the 2008 PS3.3 module tables. Mandatory modules are
 * always checked; User and Conditional modules only when the dataset holds one of their
 * own attributes (their usage conditions are prose, so absence is never reported), and
 * 1C/2C attributes are never enforced. Problems come in module order, then table order;
 * they carry paths and never values.
 */
export function validateIod(dataset: ValidatableDataSet, options: ValidateIodOptions = {}): Problem[] {
  const uid = options.iod === undefined ? sopClassUid(dataset) : undefined;
  const iod = options.iod ?? (uid === undefined ? undefined : iodForSopClass(uid));
  const at = rootTagPath(SOP_CLASS_UID);
  if (iod === undefined) return [{ code: 'UNKNOWN_IOD', path: at }];
  const plan = checkPlan(iod);
  if (plan === undefined) return [{ code: options.iod === undefined ? 'IOD_NOT_COVERED' : 'UNKNOWN_IOD', path: at }];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const m of plan.modules) {
    const sink = { module: m.name, problems, seen };
    if (isPresent(dataset, m)) checkLevel(dataset, m.attributes, rootTagPath, sink);
    for (const instance of repeatingGroupInstances(dataset, m.attributes)) {
      checkLevel(dataset, instance, rootTagPath, sink);
    }
  }
  return problems;
}
