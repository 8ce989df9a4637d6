import { IOD_MODULES_DATA } from './data';
import type { AttributeType, ModuleUsage } from './types';

/** One attribute of a module, with the attributes of its items when it is a sequence. */
export interface AttributeNode {
  /** 'GGGGEEEE', or a repeating-group mask such as '60XX0010'. */
  readonly tag: string;
  /** Undefined for the typeless normalized modules of the 2008 tables. */
  readonly type?: AttributeType;
  readonly children: readonly AttributeNode[];
}

export interface ModuleDefinition {
  /** PS3.3 section ('C.7.1.1'), the key shared by every IOD using the module. */
  readonly ref: string;
  readonly name: string;
  readonly attributes: readonly AttributeNode[];
}

export interface IodModule extends ModuleDefinition {
  readonly usage: ModuleUsage;
}

export interface IodDefinition {
  readonly name: string;
  readonly edition: string;
  readonly modules: readonly IodModule[];
}

interface MutableNode {
  readonly tag: string;
  readonly type?: AttributeType;
  readonly children: MutableNode[];
}

/** Rebuild the tree from '/'-joined paths; a parent always precedes its children. */
function buildTree(rows: readonly (readonly [string, AttributeType?])[]): AttributeNode[] {
  const roots: MutableNode[] = [];
  const byPath = new Map<string, MutableNode>();
  for (const [path, type] of rows) {
    const cut = path.lastIndexOf('/');
    const tag = path.slice(cut + 1);
    const node: MutableNode = type === undefined ? { tag, children: [] } : { tag, type, children: [] };
    const parent = cut < 0 ? undefined : byPath.get(path.slice(0, cut));
    if (cut >= 0 && parent === undefined) throw new Error(`iod-modules.json: ${path} precedes its parent`);
    (parent?.children ?? roots).push(node);
    byPath.set(path, node);
  }
  return roots;
}

const moduleCache = new Map<string, ModuleDefinition>();
const iodCache = new Map<string, IodDefinition | null>();

/** A module's attribute tree, built on first use and shared by every IOD. */
export function moduleDefinition(ref: string): ModuleDefinition | undefined {
  const hit = moduleCache.get(ref);
  if (hit) return hit;
  const modules = IOD_MODULES_DATA.modules;
  if (!Object.hasOwn(modules, ref)) return undefined;
  const data = modules[ref];
  if (data === undefined) return undefined;
  const def: ModuleDefinition = { ref, name: data.name, attributes: buildTree(data.attributes) };
  moduleCache.set(ref, def);
  return def;
}

function buildIod(name: string): IodDefinition | null {
  const iods = IOD_MODULES_DATA.iods;
  const data = Object.hasOwn(iods, name) ? iods[name] : undefined;
  if (data === undefined) return null;
  const modules = data.modules.map(([ref, usage]) => {
    const def = moduleDefinition(ref);
    if (def === undefined) throw new Error(`iod-modules.json: ${name} uses unknown module ${ref}`);
    return { ...def, usage };
  });
  return { name, edition: IOD_MODULES_DATA.edition, modules };
}

/**
 * The modules of an IOD by its current (PS3.4) name, e.g. 'CT Image'. Undefined when the
 * 2008 tables have no such IOD (IODs added since, see iodNames()).
 */
export function iodDefinition(name: string): IodDefinition | undefined {
  if (!iodCache.has(name)) iodCache.set(name, buildIod(name));
  return iodCache.get(name) ?? undefined;
}

/** The IODs the module tables cover, sorted. */
export const iodNames = (): readonly string[] => Object.keys(IOD_MODULES_DATA.iods).sort();
