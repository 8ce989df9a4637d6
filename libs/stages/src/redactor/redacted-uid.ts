import { DataSet, KeyRing, remapUid, walk } from '@gantry/domain';

/**
 * The SOP Instance UID of a redacted image: keyed (HMAC under the 'uid' sub-key, via
 * remapUid) on the REMEDIATED image's UID with a 'redacted:' domain prefix. A UID holds
 * only digits and dots, so no input of the remediator's own remapping can equal ours:
 * the two never collide, the result is reproducible on every replica and run, and it is
 * a Gantry 2.25 UID the exporter recognises.
 */
export const redactedUid = (keys: KeyRing, remediatedUid: string): string => remapUid(keys, `redacted:${remediatedUid}`);

/**
 * Points every remaining reference to the image's old UID at its new one, at any depth
 * (UI elements only: a UID lives nowhere else). An image does not normally refer to
 * itself, so this usually finds nothing; the file meta is rebuilt by redactPixels. Kept
 * anyway because the unredacted instance is never exported: a reference left on it
 * would dangle. Returns how many values changed.
 */
export function retargetSelfReferences(dataset: DataSet, oldUid: string, newUid: string): number {
  const edits: { ds: DataSet; tag: string; values: string[] }[] = [];
  let changed = 0;
  walk(dataset, (el, _path, { dataset: ds }) => {
    if (el.vr !== 'UI') return;
    const values = ds.strings(el.tag);
    const hits = values.filter((v) => v === oldUid).length;
    if (hits === 0) return;
    changed += hits;
    edits.push({ ds, tag: el.tag, values: values.map((v) => (v === oldUid ? newUid : v)) });
  });
  // Applied after the walk: the walker iterates a snapshot, but edits mid-walk would be fragile.
  for (const e of edits) e.ds.set(e.tag, 'UI', e.values);
  return changed;
}
