import type { Problem } from './problem';

/**
 * What counts as the same violation. Missing and empty Type 1 are one class: an input
 * whose Type 1 attribute was already empty has not been made worse by removing it.
 */
const violationKey = (p: Problem): string => {
  const kind = p.code === 'TYPE1_MISSING' || p.code === 'TYPE1_EMPTY' ? 'TYPE1' : p.code;
  return `${kind}|${p.path}`;
};

/**
 * The problems of `after` that `before` did not have: what a transformation introduced.
 * The exporter refuses an output for which this is non-empty. Paths include item
 * indices, so a transformation that removes a sequence item shifts the items after it;
 * their findings then count as new, which errs on the side of refusing.
 */
export function compareProblems(before: readonly Problem[], after: readonly Problem[]): Problem[] {
  const known = new Set(before.map(violationKey));
  return after.filter((p) => !known.has(violationKey(p)));
}
