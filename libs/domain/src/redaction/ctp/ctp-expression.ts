import { tagOf } from '../../dicom/tag';
import { conditionRegex } from '../redaction-semantics';
import type { AttributeCondition, Condition, ConditionOp } from '../redaction-types';

/** A signature that cannot become a condition; the reason is for the import report. */
export class CtpUnsupported extends Error {}

/** A parsed node: a condition, or a constant from `true`/`false` (folded away where possible). */
type Node = Condition | boolean;

const METHODS: Readonly<Record<string, { op: ConditionOp; ignoreCase: boolean }>> = {
  equals: { op: 'equals', ignoreCase: false },
  equalsIgnoreCase: { op: 'equals', ignoreCase: true },
  contains: { op: 'contains', ignoreCase: false },
  containsIgnoreCase: { op: 'contains', ignoreCase: true },
  startsWith: { op: 'startsWith', ignoreCase: false },
  startsWithIgnoreCase: { op: 'startsWith', ignoreCase: true },
  endsWith: { op: 'endsWith', ignoreCase: false },
  endsWithIgnoreCase: { op: 'endsWith', ignoreCase: true },
  matches: { op: 'matches', ignoreCase: false },
};

const IDENT_RE = /^\s*(\[[0-9A-Fa-f]{4},[0-9A-Fa-f]{4}\]|[A-Za-z][A-Za-z0-9]*)\s*\.\s*([A-Za-z]+)\s*\(\s*"([^"]*)"\s*\)/;
const LITERAL_RE = /^\s*(true|false)\b/;

function attribute(name: string): string {
  if (name.startsWith('[')) return `(${name.slice(1, 5)},${name.slice(6, 10)})`.toUpperCase();
  try {
    tagOf(name);
  } catch {
    throw new CtpUnsupported(`unknown attribute name ${name}`);
  }
  return name;
}

function leaf(name: string, method: string, value: string): AttributeCondition {
  const m = METHODS[method];
  if (!m) throw new CtpUnsupported(`unknown method ${method} (CTP evaluates it as false)`);
  if (m.op === 'matches') {
    try {
      conditionRegex(value, false);
    } catch {
      throw new CtpUnsupported('a matches() pattern that is not a valid JavaScript regular expression');
    }
  }
  return { attr: attribute(name), op: m.op, value, ...(m.ignoreCase && { ignoreCase: true }) };
}

function combine(kind: 'all' | 'any', parts: Node[]): Node {
  const absorbing = kind === 'any';
  if (parts.some((p) => p === absorbing)) return absorbing;
  const kept = parts.filter((p): p is Condition => typeof p !== 'boolean');
  if (kept.length === 0) return !absorbing;
  if (kept.length === 1) return kept[0] as Condition;
  // CTP builds binary trees; nested nodes of the same kind read better flattened.
  const flat = kept.flatMap((p) => (kind in p ? ((p as Record<string, readonly Condition[]>)[kind] ?? []) : [p]));
  return kind === 'all' ? { all: flat } : { any: flat };
}

/**
 * Recursive descent over CTP's signature language with CTP's precedences: `+` (or)
 * below `*` (and) below unary `!`, parentheses, operands `Name.method("text")` where
 * Name is a keyword or `[gggg,eeee]`, and the literals true and false.
 */
class Parser {
  private at = 0;

  constructor(private readonly src: string) {}

  parse(): Node {
    const node = this.or();
    if (this.src.slice(this.at).trim() !== '') throw new CtpUnsupported('unexpected text after the expression');
    return node;
  }

  private peek(): string {
    while (this.at < this.src.length && /\s/.test(this.src[this.at] as string)) this.at++;
    return this.src[this.at] ?? '';
  }

  private or(): Node {
    const parts = [this.and()];
    while (this.peek() === '+') {
      this.at++;
      parts.push(this.and());
    }
    return parts.length === 1 ? (parts[0] as Node) : combine('any', parts);
  }

  private and(): Node {
    const parts = [this.unary()];
    while (this.peek() === '*') {
      this.at++;
      parts.push(this.unary());
    }
    return parts.length === 1 ? (parts[0] as Node) : combine('all', parts);
  }

  private unary(): Node {
    const c = this.peek();
    if (c === '!') {
      this.at++;
      const inner = this.unary();
      return typeof inner === 'boolean' ? !inner : { not: inner };
    }
    if (c === '(') {
      this.at++;
      const inner = this.or();
      if (this.peek() !== ')') throw new CtpUnsupported('unbalanced parentheses');
      this.at++;
      return inner;
    }
    return this.operand();
  }

  private operand(): Node {
    const rest = this.src.slice(this.at);
    const lit = LITERAL_RE.exec(rest);
    if (lit) {
      this.at += lit[0].length;
      return lit[1] === 'true';
    }
    const m = IDENT_RE.exec(rest);
    if (!m) throw new CtpUnsupported('an operand is not of the form Name.method("text")');
    this.at += m[0].length;
    return leaf(m[1] as string, m[2] as string, m[3] as string);
  }
}

/** Parse one signature's expression (comments already removed). */
export function parseCtpExpression(src: string): Node {
  if (src.trim() === '') throw new CtpUnsupported('empty signature');
  return new Parser(src).parse();
}
