import type { AttributeNode } from '../standard/modules';
import type { ValidatableDataSet } from './problem';

/** A repeating-group mask with a concrete element: '60XX3000'. */
const MASK_RE = /^(50|60)XX[0-9A-F]{4}$/;

/** The even groups xx00-xx1E a 50xx/60xx mask stands for (PS3.5 7.6). */
function groupsOf(prefix: string): string[] {
  const out: string[] = [];
  for (let low = 0; low <= 0x1e; low += 2) out.push(`${prefix}${low.toString(16).toUpperCase().padStart(2, '0')}`);
  return out;
}

/**
 * The top-level repeating-group attributes of a module (Overlay Plane's 60xx), made
 * concrete for each group the dataset uses: an overlay or curve group with any of the
 * module's elements present is an instance of the module, whose Type 1/2 then apply.
 * Lets the validator notice, say, Overlay Data removed while Overlay Rows stayed.
 */
export function repeatingGroupInstances(ds: ValidatableDataSet, nodes: readonly AttributeNode[]): AttributeNode[][] {
  const masks = nodes.filter((n) => MASK_RE.test(n.tag));
  const prefixes = [...new Set(masks.map((n) => n.tag.slice(0, 2)))];
  const instances: AttributeNode[][] = [];
  for (const prefix of prefixes) {
    const own = masks.filter((n) => n.tag.startsWith(prefix));
    for (const group of groupsOf(prefix)) {
      const concrete = own.map((n) => ({ ...n, tag: `${group}${n.tag.slice(4)}` }));
      if (concrete.some((n) => ds.get(n.tag) !== undefined)) instances.push(concrete);
    }
  }
  return instances;
}
