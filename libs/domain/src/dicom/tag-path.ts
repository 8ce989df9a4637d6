import { DicomModelError } from './errors';
import type { Tag } from './tag';

/**
 * Canonical path of an element at any depth: '(0040,0275)[0].(0008,0050)', i.e. tags in
 * uppercase '(GGGG,EEEE)' form, each enclosing sequence followed by its item index. It is
 * recorded in events, so the grammar is closed and anchored: it can carry no values.
 */
export const TAG_PATH_PATTERN = '^\\([0-9A-F]{4},[0-9A-F]{4}\\)(\\[(0|[1-9][0-9]{0,8})\\]\\.\\([0-9A-F]{4},[0-9A-F]{4}\\))*$';
export const TAG_PATH_REGEX = new RegExp(TAG_PATH_PATTERN);

/** One step of a path: a tag and, for every step but the last, the item index within it. */
export interface TagPathSegment {
  readonly tag: Tag;
  readonly item?: number;
}

const SEGMENT_RE = /\(([0-9A-F]{4}),([0-9A-F]{4})\)(?:\[(\d+)\])?/g;

export function formatTagPath(segments: readonly TagPathSegment[]): string {
  if (segments.length === 0) throw new DicomModelError('INVALID_TAG_PATH', 'a tag path needs at least one tag');
  return segments
    .map((s, i) => {
      const last = i === segments.length - 1;
      if (last !== (s.item === undefined)) {
        throw new DicomModelError('INVALID_TAG_PATH', 'every segment but the last must name an item');
      }
      if (!/^[0-9A-F]{8}$/.test(s.tag)) throw new DicomModelError('INVALID_TAG_PATH', 'segment tag is not canonical');
      if (s.item !== undefined && (!Number.isInteger(s.item) || s.item < 0 || s.item > 999_999_999)) {
        throw new DicomModelError('INVALID_TAG_PATH', 'item index must be a non-negative integer');
      }
      const item = s.item === undefined ? '' : `[${s.item}]`;
      return `(${s.tag.slice(0, 4)},${s.tag.slice(4)})${item}`;
    })
    .join('.');
}

export function parseTagPath(path: string): TagPathSegment[] {
  if (!TAG_PATH_REGEX.test(path)) throw new DicomModelError('INVALID_TAG_PATH', 'not a canonical tag path');
  const out: TagPathSegment[] = [];
  for (const m of path.matchAll(SEGMENT_RE)) {
    const tag = `${m[1] as string}${m[2] as string}`;
    out.push(m[3] === undefined ? { tag } : { tag, item: Number(m[3]) });
  }
  return out;
}

/** Path of a child element: `parent` is the path of the sequence holding the item. */
export const childTagPath = (parent: string, item: number, tag: Tag): string =>
  `${parent}[${item}].(${tag.slice(0, 4)},${tag.slice(4)})`;

export const rootTagPath = (tag: Tag): string => `(${tag.slice(0, 4)},${tag.slice(4)})`;
