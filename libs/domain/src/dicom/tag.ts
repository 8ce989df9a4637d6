import { lookupTag, dictionary } from './dictionary';
import { DicomModelError } from './errors';
import type { Vr } from './vr';

/** A data element tag as 8 uppercase hex digits, group then element ('00100010'). */
export type Tag = string;

const TAG_RE = /^[0-9A-F]{8}$/;
const TAG_ANY_CASE_RE = /^[0-9a-fA-F]{8}$/;
const PAREN_RE = /^\(([0-9a-fA-F]{4}),([0-9a-fA-F]{4})\)$/;
const KEYWORD_RE = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Tags the reader creates repeat across files; caching their strings saves an allocation each. */
const HEX_CACHE = new Map<number, string>();
const HEX_CACHE_LIMIT = 16384;

/** The canonical string of a numeric tag. */
export function tagFromNumber(n: number): Tag {
  const hit = HEX_CACHE.get(n);
  if (hit !== undefined) return hit;
  const s = (0x100000000 + n).toString(16).slice(1).toUpperCase();
  if (HEX_CACHE.size < HEX_CACHE_LIMIT) HEX_CACHE.set(n, s);
  return s;
}

export const tagNumber = (tag: Tag): number => parseInt(tag, 16);
export const tagGroup = (tag: Tag): number => parseInt(tag.slice(0, 4), 16);
export const tagElement = (tag: Tag): number => parseInt(tag.slice(4), 16);
export const isTag = (s: string): s is Tag => TAG_RE.test(s);

/** Odd groups are private (PS3.5 7.8); groups 0001-0007 and FFFF are reserved but odd too. */
export const isPrivateTag = (tag: Tag): boolean => (tagGroup(tag) & 1) === 1;

/** (gggg,0010)-(gggg,00FF) in an odd group reserve a block of 256 private elements. */
export const isPrivateCreatorTag = (tag: Tag): boolean => {
  const el = tagElement(tag);
  return isPrivateTag(tag) && el >= 0x10 && el <= 0xff;
};

/** Group length elements (gggg,0000), deprecated outside the file meta. */
export const isGroupLengthTag = (tag: Tag): boolean => tag.endsWith('0000');

/** '(0010,0010)', the form used in tag paths and messages. */
export const formatTag = (tag: Tag): string => `(${tag.slice(0, 4)},${tag.slice(4)})`;

/**
 * Resolve a keyword, 'GGGGEEEE' or '(GGGG,EEEE)' to a tag. Hex forms never touch the
 * dictionary, so callers that use tags pay nothing for keyword support.
 */
export function tagOf(tagOrKeyword: string): Tag {
  if (TAG_RE.test(tagOrKeyword)) return tagOrKeyword;
  if (TAG_ANY_CASE_RE.test(tagOrKeyword)) return tagOrKeyword.toUpperCase();
  const paren = PAREN_RE.exec(tagOrKeyword);
  if (paren) return `${paren[1] as string}${paren[2] as string}`.toUpperCase();
  if (!KEYWORD_RE.test(tagOrKeyword)) throw new DicomModelError('INVALID_TAG', 'not a tag or keyword');
  const n = dictionary().byKeyword.get(tagOrKeyword);
  if (n === undefined) throw new DicomModelError('UNKNOWN_KEYWORD', `unknown keyword ${tagOrKeyword}`);
  return tagFromNumber(n);
}

/** The standard keyword of a tag; private and unknown tags have none. */
export function keywordOf(tag: Tag): string | undefined {
  const t = tagOf(tag);
  if (isPrivateTag(t)) return undefined;
  return lookupTag(tagNumber(t))?.keyword;
}

/**
 * The VR a tag has when the stream does not say (implicit VR): the dictionary's, UL for
 * group lengths, LO for private creators, and undefined when unknown (the reader uses UN).
 */
export function vrOf(tag: Tag): Vr | undefined {
  const t = tagOf(tag);
  if (isGroupLengthTag(t)) return 'UL';
  if (isPrivateTag(t)) return isPrivateCreatorTag(t) ? 'LO' : undefined;
  return lookupTag(tagNumber(t))?.vr;
}
