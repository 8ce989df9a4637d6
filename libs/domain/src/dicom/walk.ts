import type { DataSet } from './data-set';
import type { DicomElement } from './element';
import { parseTagPath } from './tag-path';

/** What a visitor learns besides the element: where it is and which dataset holds it. */
export interface WalkContext {
  readonly dataset: DataSet;
  /** 0 for the top-level dataset, 1 inside one sequence item, and so on. */
  readonly depth: number;
}

/** Return 'skip' from a sequence element to leave its items unvisited. */
export type WalkVisitor = (element: DicomElement, path: string, context: WalkContext) => void | 'skip';

/**
 * Visit every element at any depth in tag order, items after their sequence element,
 * each with its canonical tag path. Iterative, so hostile nesting cannot blow the stack.
 */
export function walk(dataset: DataSet, visitor: WalkVisitor): void {
  const stack: { ds: DataSet; prefix: string; depth: number; els: DicomElement[]; i: number }[] = [
    { ds: dataset, prefix: '', depth: 0, els: [...dataset.elements()], i: 0 },
  ];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as (typeof stack)[number];
    const el = frame.els[frame.i++];
    if (el === undefined) {
      stack.pop();
      continue;
    }
    const path = `${frame.prefix}(${el.tag.slice(0, 4)},${el.tag.slice(4)})`;
    const verdict = visitor(el, path, { dataset: frame.ds, depth: frame.depth });
    if (el.vr !== 'SQ' || verdict === 'skip') continue;
    const items = el.value as readonly DataSet[];
    // Pushed in reverse so item 0 is visited first.
    for (let k = items.length - 1; k >= 0; k--) {
      const item = items[k] as DataSet;
      stack.push({ ds: item, prefix: `${path}[${k}].`, depth: frame.depth + 1, els: [...item.elements()], i: 0 });
    }
  }
}

/** The element a canonical tag path points at, or undefined if any step is missing. */
export function resolveTagPath(dataset: DataSet, path: string): DicomElement | undefined {
  let ds: DataSet | undefined = dataset;
  const segments = parseTagPath(path);
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] as (typeof segments)[number];
    const el: DicomElement | undefined = ds?.get(seg.tag);
    if (!el) return undefined;
    if (seg.item === undefined) return el;
    ds = el.vr === 'SQ' ? (el.value as readonly DataSet[])[seg.item] : undefined;
  }
  return undefined;
}
