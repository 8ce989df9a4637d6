import { GantryError } from '../errors';

/** A tag written '00100010', '0010,0010' or '(0010,0010)', in either case. */
const TAG_RE = /^\(?([0-9A-Fa-f]{4}),?([0-9A-Fa-f]{4})\)?$/;
const ITEM_RE = /\[\d+\]/g;

/** Canonical 'GGGGEEEE' of one tag; throws on anything else. */
export function canonicalTag(input: string): string {
  const m = TAG_RE.exec(input.trim());
  if (!m) throw new GantryError('INVALID_TAG', 'not a tag (expected GGGGEEEE or (GGGG,EEEE))');
  return `${m[1] as string}${m[2] as string}`.toUpperCase();
}

/**
 * The tags of a path, outermost first. Accepts the canonical tag path
 * '(0040,0275)[0].(0008,0050)' (item indices are ignored: every item has the same
 * definition), the data files' '00400275/00080050', or an array of tags.
 */
export function tagsOfPath(path: string | readonly string[]): string[] {
  if (typeof path !== 'string') return path.map(canonicalTag);
  const segments = path.replace(ITEM_RE, '').split(/[./]/);
  if (segments.some((s) => s.trim() === '')) throw new GantryError('INVALID_TAG_PATH', 'empty segment in tag path');
  return segments.map(canonicalTag);
}

/**
 * PS3.5 7.6: curve (50xx) and overlay (60xx) groups repeat in even groups xx00-xx1E.
 * Returns the group's mask ('60XX') for such a group, undefined for any other.
 */
export function repeatingGroupMask(group: number): string | undefined {
  const high = group & 0xff00;
  if (high !== 0x5000 && high !== 0x6000) return undefined;
  const low = group & 0xff;
  return low <= 0x1e && (low & 1) === 0 ? `${(high >> 8).toString(16)}XX` : undefined;
}

/** '60024000' → '60XX4000'; tags outside repeating groups are returned unchanged. */
export function maskedTag(tag: string): string {
  const mask = repeatingGroupMask(parseInt(tag.slice(0, 4), 16));
  return mask === undefined ? tag : `${mask}${tag.slice(4)}`;
}
