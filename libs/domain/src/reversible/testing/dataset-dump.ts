import type { DataSet } from '../../dicom/data-set';
import type { DicomValue } from '../../dicom/element';
import { walk } from '../../dicom/walk';

const show = (v: DicomValue): string => {
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  if ('kind' in v) return `encapsulated:${v.fragments.length}`;
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
};

/**
 * Every element at any depth as path → 'VR value' (sequences as their item count), for
 * comparing an object with its re-identified copy in tests. Test-only: it holds values.
 */
export function dumpDataSet(ds: DataSet): Map<string, string> {
  const out = new Map<string, string>();
  walk(ds, (el, path) => {
    out.set(path, el.vr === 'SQ' ? `SQ #${(el.value as readonly DataSet[]).length}` : `${el.vr} ${show(el.value)}`);
  });
  return out;
}

/** Paths whose entry in `original` is missing or different in `other`. */
export function differences(original: DataSet, other: DataSet): string[] {
  const theirs = dumpDataSet(other);
  return [...dumpDataSet(original)].filter(([path, v]) => theirs.get(path) !== v).map(([path]) => path);
}
