import type { AttributeType, ModuleUsage } from '@gantry/domain';
import type { XmlElement } from './xml';

/** A row of a PS3.3 module or macro table as written, before macros are expanded. */
export type TableRow =
  | { readonly kind: 'attribute'; readonly depth: number; readonly tag: string; readonly type?: AttributeType }
  | { readonly kind: 'include'; readonly depth: number; readonly text: string };

export interface AttributeTable {
  readonly kind: 'module' | 'macro';
  /** The PS3.3 table number ('C.7-1'); modules also have a section reference ('C.7.1.1'). */
  readonly table: string;
  readonly ref?: string;
  readonly name: string;
  readonly rows: readonly TableRow[];
}

export interface IodModuleRef {
  readonly name: string;
  readonly ref: string;
  readonly usage: ModuleUsage;
}

export interface IodTable {
  readonly table: string;
  readonly name: string;
  readonly modules: readonly IodModuleRef[];
}

export interface ModuleTables {
  readonly edition: string;
  readonly iods: readonly IodTable[];
  readonly tables: readonly AttributeTable[];
}

const TYPES: readonly AttributeType[] = ['1', '1C', '2', '2C', '3'];

function attr(el: XmlElement, name: string): string {
  const v = el.attrs[name];
  if (v === undefined) throw new Error(`PS3.3: <${el.name}> without ${name}`);
  return v;
}

/** Nesting depth is written as leading '>' marks, sometimes with stray spaces between. */
export function depthOf(text: string): { depth: number; rest: string } {
  const m = /^[\s>]*/.exec(text) as RegExpExecArray;
  return { depth: (m[0].match(/>/g) ?? []).length, rest: text.slice(m[0].length) };
}

function attributeRow(el: XmlElement, where: string): TableRow {
  // Repeating groups are written '60xx'; keep them as masks with uppercase X.
  const tag = `${attr(el, 'group')}${attr(el, 'element')}`.toUpperCase();
  if (!/^[0-9A-FX]{8}$/.test(tag)) throw new Error(`PS3.3 ${where}: bad tag ${tag}`);
  const rawType = el.attrs['type']?.trim();
  const type = TYPES.find((t) => t === rawType);
  if (rawType !== undefined && type === undefined) throw new Error(`PS3.3 ${where}: bad type ${rawType} for ${tag}`);
  const { depth } = depthOf(attr(el, 'name'));
  return type === undefined ? { kind: 'attribute', depth, tag } : { kind: 'attribute', depth, tag, type };
}

function attributeTable(el: XmlElement): AttributeTable {
  const table = attr(el, 'table');
  const rows: TableRow[] = [];
  for (const child of el.children) {
    if (child.name === 'entry') rows.push(attributeRow(child, table));
    if (child.name === 'include') {
      const { depth, rest } = depthOf(attr(child, 'ref'));
      rows.push({ kind: 'include', depth, text: rest });
    }
  }
  const ref = el.attrs['ref'];
  const base = { kind: el.name === 'module' ? ('module' as const) : ('macro' as const), table, name: attr(el, 'name') };
  return ref === undefined ? { ...base, rows } : { ...base, ref, rows };
}

/** 'M', 'U', 'C - Required if …', 'U - See note' → the usage letter. */
function usageOf(raw: string, where: string): ModuleUsage {
  const m = /^\s*([MUC])(?![A-Za-z])/.exec(raw);
  if (!m) throw new Error(`PS3.3 ${where}: bad module usage ${JSON.stringify(raw)}`);
  return m[1] as ModuleUsage;
}

function iodTable(el: XmlElement): IodTable {
  const table = attr(el, 'table');
  const modules = el.children
    .filter((c) => c.name === 'entry')
    .map((c) => ({ name: attr(c, 'name'), ref: attr(c, 'ref').trim(), usage: usageOf(c.attrs['usage'] ?? 'M', table) }));
  return { table, name: attr(el, 'name'), modules };
}

/** Split GDCM's <tables> document into IOD tables and module/macro attribute tables. */
export function readModuleTables(doc: XmlElement): ModuleTables {
  if (doc.name !== 'tables') throw new Error(`PS3.3: root is <${doc.name}>, expected <tables>`);
  return {
    edition: attr(doc, 'edition'),
    iods: doc.children.filter((c) => c.name === 'iod').map(iodTable),
    tables: doc.children.filter((c) => c.name === 'module' || c.name === 'macro').map(attributeTable),
  };
}
