import { DataSet } from '../dicom/data-set';
import { DicomElement } from '../dicom/element';
import { isGroupLengthTag, isPrivateCreatorTag, isPrivateTag, tagElement, tagFromNumber, tagGroup, type Tag } from '../dicom/tag';
import { parseTagPath, type TagPathSegment } from '../dicom/tag-path';
import { ReversibleError } from './reversible-error';

/** An original value de-identification changed or removed (the shape of DeidResult.changed). */
export interface OriginalElement {
  readonly path: string;
  readonly original: DicomElement;
}

const SOP_INSTANCE_UID = '00080018';

interface Nested {
  readonly segments: readonly TagPathSegment[];
  readonly original: DicomElement;
}

function mismatch(path: string): never {
  throw new ReversibleError('CHANGES_MISMATCH', `the changes do not fit the de-identified object at ${path}`);
}

/** Put one nested original back into `items` (copies we own) at its path below the top-level sequence. */
function restoreNested(items: readonly DataSet[], change: Nested, path: string): void {
  let ds = items[change.segments[0]?.item ?? -1] ?? mismatch(path);
  for (const seg of change.segments.slice(1, -1)) {
    const el = ds.get(seg.tag);
    if (el?.vr !== 'SQ') mismatch(path);
    ds = (el.value as readonly DataSet[])[seg.item ?? -1] ?? mismatch(path);
  }
  ds.put(change.original);
}

/**
 * The original value of a top-level sequence whose content changed below it: the
 * de-identified sequence (same items, in order, since de-identification walks rather
 * than drops them) with every nested original put back. PS3.3 C.12.1.1.9.1 and GDCM
 * both record the whole enclosing top-level sequence, so we do too.
 */
function originalSequence(current: DicomElement | undefined, changes: readonly Nested[], tag: Tag): DicomElement {
  const path = `(${tag.slice(0, 4)},${tag.slice(4)})`;
  if (current?.vr !== 'SQ') mismatch(path);
  const items = (current.value as readonly DataSet[]).map((item) => item.clone());
  for (const change of changes) restoreNested(items, change, path);
  return new DicomElement(tag, 'SQ', Object.freeze(items));
}

/** Private elements must travel with their Private Creator (PS3.3 C.12.1.1.9.1), even one that stayed. */
function addCreators(item: DataSet, deidentified: DataSet): void {
  for (const tag of item.tags()) {
    if (!isPrivateTag(tag) || isPrivateCreatorTag(tag) || tagElement(tag) < 0x1000) continue;
    const creator = tagFromNumber(tagGroup(tag) * 0x10000 + (tagElement(tag) >> 8));
    const kept = deidentified.get(creator);
    if (!item.has(creator) && kept) item.put(kept);
  }
}

/**
 * The item of the Modified Attributes Sequence (0400,0550): the original of every
 * top-level attribute de-identification replaced or removed, and for changes inside
 * sequences the whole original top-level sequence. File meta (group 0002) and group
 * lengths are left out: neither belongs in a data set's item. The SOP Instance UID is
 * always present, changed or not, because GDCM refuses to re-identify without it.
 */
export function modifiedAttributesItem(deidentified: DataSet, changed: readonly OriginalElement[]): DataSet {
  const top = new Map<Tag, DicomElement>();
  const nested = new Map<Tag, Nested[]>();
  for (const change of changed) {
    const segments = parseTagPath(change.path);
    const first = (segments[0] as TagPathSegment).tag;
    if (tagGroup(first) === 0x0002 || isGroupLengthTag(change.original.tag)) continue;
    if (segments.length === 1) top.set(first, change.original);
    else {
      const list = nested.get(first) ?? [];
      list.push({ segments, original: change.original });
      nested.set(first, list);
    }
  }
  for (const [tag, changes] of nested) {
    if (!top.has(tag)) top.set(tag, originalSequence(deidentified.get(tag), changes, tag));
  }
  const sop = deidentified.get(SOP_INSTANCE_UID);
  if (!top.has(SOP_INSTANCE_UID) && sop) top.set(SOP_INSTANCE_UID, sop);
  const item = new DataSet();
  for (const el of top.values()) item.put(el);
  addCreators(item, deidentified);
  return item;
}
