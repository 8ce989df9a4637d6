import { iodDefinition, type AttributeNode, type IodDefinition } from './modules';
import { maskedTag, tagsOfPath } from './tag-input';
import type { AttributeType } from './types';

/** How strongly a Type demands presence; the most demanding definition wins. */
const RANK: Readonly<Record<AttributeType, number>> = { '1': 0, '2': 1, '1C': 2, '2C': 3, '3': 4 };

interface Found {
  readonly type: AttributeType;
  readonly mandatoryModule: boolean;
}

function find(nodes: readonly AttributeNode[], tags: readonly string[]): AttributeNode | undefined {
  let level = nodes;
  let node: AttributeNode | undefined;
  for (const tag of tags) {
    const masked = maskedTag(tag);
    node = level.find((n) => n.tag === tag || n.tag === masked);
    if (node === undefined) return undefined;
    level = node.children;
  }
  return node;
}

function definitions(iod: IodDefinition, tags: readonly string[]): Found[] {
  const out: Found[] = [];
  for (const module of iod.modules) {
    const type = find(module.attributes, tags)?.type;
    if (type !== undefined) out.push({ type, mandatoryModule: module.usage === 'M' });
  }
  return out;
}

/**
 * The Type of an attribute in an IOD, at the top level or at a nested path such as
 * '(0040,0275)[0].(0008,0050)'. When several modules define it (ImageType is Type 3 in
 * General Image and Type 1 in CT Image), definitions in Mandatory modules take
 * precedence over those in User/Conditional modules, and then the most demanding Type
 * wins (1, 2, 1C, 2C, 3). Undefined when the IOD or the attribute is unknown.
 */
export function attributeType(iod: string, tagPath: string | readonly string[]): AttributeType | undefined {
  const def = iodDefinition(iod);
  if (def === undefined) return undefined;
  const found = definitions(def, tagsOfPath(tagPath));
  const mandatory = found.filter((f) => f.mandatoryModule);
  const pool = mandatory.length > 0 ? mandatory : found;
  let best: AttributeType | undefined;
  for (const { type } of pool) {
    if (best === undefined || RANK[type] < RANK[best]) best = type;
  }
  return best;
}
