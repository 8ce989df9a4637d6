import { conditionRegex } from './redaction-semantics';
import type { AttributeCondition, Condition, RedactionHeader } from './redaction-types';

const REGEXES = new WeakMap<AttributeCondition, RegExp>();

function regexOf(c: AttributeCondition): RegExp {
  let re = REGEXES.get(c);
  if (!re) {
    re = conditionRegex(c.value, c.ignoreCase === true);
    REGEXES.set(c, re);
  }
  return re;
}

function test(c: AttributeCondition, header: RedactionHeader): boolean {
  // CTP's reading of a header: values joined by '\', and '' for an absent attribute.
  const raw = header.attribute?.(c.attr) ?? '';
  if (c.op === 'matches') return regexOf(c).test(raw);
  const fold = c.ignoreCase === true;
  const value = fold ? raw.toLowerCase() : raw;
  const wanted = fold ? c.value.toLowerCase() : c.value;
  switch (c.op) {
    case 'contains':
      return value.includes(wanted);
    case 'equals':
      return value === wanted;
    case 'startsWith':
      return value.startsWith(wanted);
    default:
      return value.endsWith(wanted);
  }
}

/** Evaluate a condition tree against a header; `all` of nothing is true, `any` of nothing false. */
export function evaluateCondition(c: Condition, header: RedactionHeader): boolean {
  if ('all' in c) return c.all.every((x) => evaluateCondition(x, header));
  if ('any' in c) return c.any.some((x) => evaluateCondition(x, header));
  if ('not' in c) return !evaluateCondition(c.not, header);
  return test(c, header);
}
