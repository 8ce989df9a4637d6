import type { AttributeType, ModuleAttributeRow } from '@gantry/domain';
import type { MacroIndex } from './macro-index';
import type { AttributeTable, TableRow } from './module-tables';

/** What expansion could not do faithfully, so the generator can print it. */
export interface ExpandReport {
  /** Include rows whose table is not in the source, by text. */
  readonly unresolved: Map<string, number>;
  /** Includes skipped because the macro was already being expanded (SR content recursion). */
  recursive: number;
  /** Rows whose '>' depth had no enclosing sequence; attached to the deepest open one. */
  orphans: number;
  /** Same path listed twice in one module (module row and macro row); the first is kept. */
  duplicates: number;
}

export const emptyReport = (): ExpandReport => ({ unresolved: new Map(), recursive: 0, orphans: 0, duplicates: 0 });

interface FlatRow {
  readonly depth: number;
  readonly tag: string;
  readonly type?: AttributeType;
}

/**
 * An include such as "Include 'Code Macro' … if and only if Value Type is CODE" applies
 * only in some items, so its Type 1/2 rows are really 1C/2C there. Demoting them keeps
 * the validator from demanding, say, a Concept Code Sequence in every SR content item.
 */
const isConditionalInclude = (text: string): boolean => /\bif\b/i.test(text);
const DEMOTED: Readonly<Partial<Record<AttributeType, AttributeType>>> = { '1': '1C', '2': '2C' };

function attributeRow(row: { depth: number; tag: string; type?: AttributeType }, base: number, conditional: boolean): FlatRow {
  const depth = base + row.depth;
  // Only the macro's own top-level rows are conditional; rows nested in its sequences are
  // checked only when their sequence is present, which already carries the condition.
  const type = conditional && row.depth === 0 && row.type ? (DEMOTED[row.type] ?? row.type) : row.type;
  return type === undefined ? { depth, tag: row.tag } : { depth, tag: row.tag, type };
}

/**
 * Inline macros: an include written with n '>' marks places the macro's rows n levels
 * down, i.e. inside the sequence row above it, and the macro's own '>' marks add to that.
 */
function flatten(rows: readonly TableRow[], base: number, ctx: Ctx, stack: readonly string[], conditional: boolean): FlatRow[] {
  const out: FlatRow[] = [];
  for (const row of rows) {
    if (row.kind === 'attribute') {
      out.push(attributeRow(row, base, conditional));
      continue;
    }
    const macro = ctx.index.resolve(row.text);
    if (macro === undefined) {
      ctx.report.unresolved.set(row.text, (ctx.report.unresolved.get(row.text) ?? 0) + 1);
    } else if (stack.includes(macro.table)) {
      ctx.report.recursive += 1;
    } else {
      const inner = isConditionalInclude(row.text) || (conditional && row.depth === 0);
      out.push(...flatten(macro.rows, base + row.depth, ctx, [...stack, macro.table], inner));
    }
  }
  return out;
}

interface Ctx {
  readonly index: MacroIndex;
  readonly report: ExpandReport;
}

/** Turn depth-marked rows into '/'-joined tag paths, keeping table order. */
function toPaths(flat: readonly FlatRow[], report: ExpandReport): ModuleAttributeRow[] {
  const open: string[] = [];
  const seen = new Set<string>();
  const out: ModuleAttributeRow[] = [];
  for (const row of flat) {
    let depth = row.depth;
    if (depth > open.length) {
      report.orphans += 1;
      depth = open.length;
    }
    open.length = depth;
    const path = depth === 0 ? row.tag : `${open[depth - 1] as string}/${row.tag}`;
    open.push(path);
    if (seen.has(path)) {
      report.duplicates += 1;
      continue;
    }
    seen.add(path);
    out.push(row.type === undefined ? [path] : [path, row.type]);
  }
  return out;
}

/** A module's attribute list with every resolvable macro expanded, recursively. */
export function expandModule(table: AttributeTable, index: MacroIndex, report: ExpandReport): ModuleAttributeRow[] {
  return toPaths(flatten(table.rows, 0, { index, report }, [table.table], false), report);
}
