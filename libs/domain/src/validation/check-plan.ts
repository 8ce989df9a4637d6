import { iodDefinition, type AttributeNode } from '../standard/modules';
import type { ModuleUsage } from '../standard/types';

/** A module as the validator checks it. */
export interface PlannedModule {
  readonly name: string;
  readonly usage: ModuleUsage;
  readonly attributes: readonly AttributeNode[];
  /**
   * For a User or Conditional module: the top-level tags that belong to it alone (no
   * Mandatory module of the IOD defines them). The module counts as present, and is
   * checked, only if one of them is in the dataset; a tag it shares with a Mandatory
   * module proves nothing. Undefined for Mandatory modules, which are always checked.
   */
  readonly signature?: readonly string[];
}

export interface CheckPlan {
  readonly iod: string;
  readonly modules: readonly PlannedModule[];
}

const isMask = (tag: string): boolean => tag.includes('X');

function buildPlan(iod: string): CheckPlan | undefined {
  const def = iodDefinition(iod);
  if (def === undefined) return undefined;
  const mandatoryTags = new Set(def.modules.filter((m) => m.usage === 'M').flatMap((m) => m.attributes.map((a) => a.tag)));
  const modules = def.modules.map((m): PlannedModule => {
    const base = { name: m.name, usage: m.usage, attributes: m.attributes };
    if (m.usage === 'M') return base;
    const signature = m.attributes.map((a) => a.tag).filter((t) => !isMask(t) && !mandatoryTags.has(t));
    return { ...base, signature };
  });
  return { iod, modules };
}

const cache = new Map<string, CheckPlan | null>();

/** The check plan of an IOD, built once per IOD on first use. */
export function checkPlan(iod: string): CheckPlan | undefined {
  if (!cache.has(iod)) cache.set(iod, buildPlan(iod) ?? null);
  return cache.get(iod) ?? undefined;
}
