import { DataSet } from './data-set';
import { GANTRY_IMPLEMENTATION_CLASS_UID, GANTRY_IMPLEMENTATION_VERSION_NAME } from './uids';

/** Meta elements we always derive; any others in the source meta are carried over. */
const DERIVED = new Set(['00020000', '00020001', '00020002', '00020003', '00020010', '00020012', '00020013']);

/**
 * File Meta Information for writing `dataset` in `transferSyntaxUid`. The media storage
 * UIDs follow the dataset (they must agree with it, and de-identification changes them);
 * the group length is left to the writer, which knows the encoded size.
 */
export function buildFileMeta(dataset: DataSet, transferSyntaxUid: string, previous?: DataSet): DataSet {
  const meta = new DataSet();
  meta.set('00020001', 'OB', new Uint8Array([0, 1]));
  meta.set('00020002', 'UI', dataset.string('00080016') ?? previous?.string('00020002') ?? null);
  meta.set('00020003', 'UI', dataset.string('00080018') ?? previous?.string('00020003') ?? null);
  meta.set('00020010', 'UI', transferSyntaxUid);
  meta.set('00020012', 'UI', GANTRY_IMPLEMENTATION_CLASS_UID);
  meta.set('00020013', 'SH', GANTRY_IMPLEMENTATION_VERSION_NAME);
  for (const el of previous?.elements() ?? []) {
    if (el.tag.startsWith('0002') && !DERIVED.has(el.tag)) meta.put(el);
  }
  return meta;
}
