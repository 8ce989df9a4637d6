import { attributeType } from '../standard/attribute-type';
import { iodDefinition, iodNames, type AttributeNode } from '../standard/modules';
import { maskedTag, tagsOfPath } from '../standard/tag-input';
import type { ActionCode, AttributeType } from '../standard/types';
import type { DeidAction, DeidReason } from './deid-types';

/** The requirement that decides a compound code: conditional Types count as their base. */
type Requirement = 1 | 2 | 3;

/**
 * Conditions of 1C/2C attributes are prose in PS3.3, so they are assumed to hold: the
 * dummy or empty value this leads to carries no information, while a removal could
 * leave the object invalid.
 */
const requirementOf = (type: AttributeType | undefined): Requirement =>
  type === '1' || type === '1C' ? 1 : type === '2' || type === '2C' ? 2 : 3;

const RANK: Readonly<Record<AttributeType, number>> = { '1': 0, '1C': 1, '2': 2, '2C': 3, '3': 4 };
const CACHE_LIMIT = 20000;
const cache = new Map<string, AttributeType | null>();

/** Most demanding Type any IOD of the tables gives the path: the fallback for unknown IODs. */
function anyIodType(tagPath: string): AttributeType | undefined {
  let best: AttributeType | undefined;
  for (const iod of iodNames()) {
    const t = attributeType(iod, tagPath);
    if (t !== undefined && (best === undefined || RANK[t] < RANK[best])) best = t;
  }
  return best;
}

let anyDepth: Map<string, AttributeType> | undefined;

/**
 * The most demanding Type a tag has anywhere in the tables, at any depth. The 2008 tables
 * do not expand functional group macros, so a nested path such as a Source Image Sequence
 * inside a Per-frame Functional Groups item is known to none of them by its path.
 */
function anyDepthType(tag: string): AttributeType | undefined {
  if (anyDepth === undefined) {
    const index = new Map<string, AttributeType>();
    const visit = (nodes: readonly AttributeNode[]): void => {
      for (const n of nodes) {
        const seen = index.get(n.tag);
        if (n.type !== undefined && (seen === undefined || RANK[n.type] < RANK[seen])) index.set(n.tag, n.type);
        visit(n.children);
      }
    };
    for (const iod of iodNames()) for (const m of iodDefinition(iod)?.modules ?? []) visit(m.attributes);
    anyDepth = index;
  }
  return anyDepth.get(maskedTag(tag));
}

/**
 * The Type of an attribute the tables do not define for this object: the 2008 tables
 * predate attributes later added to an IOD (Operators' Name in RT Series) and do not
 * reach into functional group macros. Removing such an attribute could make the object
 * invalid under the current standard, so the most demanding Type any IOD gives its path
 * (and, nested, its tag at any depth) is taken, as for an unknown IOD: a dummy, empty or
 * remapped value identifies nobody.
 */
function fallbackType(tagPath: string): AttributeType | undefined {
  const any = anyIodType(tagPath);
  if (any !== undefined || !tagPath.includes('[')) return any;
  return anyDepthType(tagsOfPath(tagPath).at(-1) as string);
}

/**
 * The Type of the attribute at `tagPath` in `iod`. When the IOD is unknown or newer than
 * the 2008 tables, or the tables do not define the attribute for it, the most demanding
 * Type of any IOD is taken: that keeps the object valid whatever it is, and costs no
 * privacy (a dummy or empty value identifies nobody).
 */
export function typeForCompound(iod: string | undefined, tagPath: string): AttributeType | undefined {
  const known = iod !== undefined && iodDefinition(iod) !== undefined;
  const key = `${known ? iod : '*'}|${tagPath.replace(/\[\d+\]/g, '')}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const type = (known ? attributeType(iod, tagPath) : undefined) ?? fallbackType(tagPath);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, type ?? null);
  return type;
}

const REASON: Readonly<Record<Requirement, DeidReason>> = { 1: 'COMPOUND_TYPE1', 2: 'COMPOUND_TYPE2', 3: 'COMPOUND_OPTIONAL' };

/** Per requirement (Type 1, 2, 3): what each compound code becomes. */
const RESOLUTION: Readonly<Record<string, readonly [DeidAction, DeidAction, DeidAction]>> = {
  // PS3.15 E.3: "Z unless D is required to maintain IOD conformance (Type 2 versus Type 1)".
  'Z/D': ['D', 'Z', 'Z'],
  // "X unless Z is required (Type 3 versus Type 2)"; a Type 1 use gets Z, the code's maximum.
  'X/Z': ['Z', 'Z', 'X'],
  // "X unless D is required (Type 3 versus Type 1)"; a Type 2 use gets D so it stays present.
  'X/D': ['D', 'D', 'X'],
  'X/Z/D': ['D', 'Z', 'X'],
  // "X unless Z or replacement of contained instance UIDs (U) is required (Type 3 versus
  // Type 2 versus Type 1 sequences containing UID references)".
  'X/Z/U*': ['U', 'Z', 'X'],
};

export interface ResolvedCode {
  readonly action: DeidAction;
  /** Undefined for a simple code, which keeps the reason it came with. */
  readonly reason?: DeidReason;
}

/** A simple code as is; a compound code by the attribute's Type (undefined = Type 3). */
export function resolveCode(code: ActionCode, type: () => AttributeType | undefined): ResolvedCode {
  const table = RESOLUTION[code];
  if (table === undefined) return { action: code as DeidAction };
  const requirement = requirementOf(type());
  return { action: table[requirement - 1] as DeidAction, reason: REASON[requirement] };
}
