import type { DataSet } from '../dicom/data-set';

/** LUT entries of one channel: 16-bit words, or bytes when the data holds one byte per entry. */
function entries(ds: DataSet, channel: string, count: number): number[] | undefined {
  const data = ds.bytes(`${channel}PaletteColorLookupTableData`);
  if (!data) return undefined;
  if (data.length === count) return Array.from(data);
  if (data.length < count * 2) return undefined;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return Array.from({ length: count }, (_, i) => view.getUint16(i * 2, true));
}

/**
 * The stored value whose palette colour is darkest (least Rec. 601 luma), from the red,
 * green and blue Palette Color LUTs (PS3.3 C.7.6.3.1.5-6): first mapped value plus the
 * entry's index. Undefined when the palette cannot be read (segmented palettes, missing
 * or inconsistent tables); the caller then fills with 0, the conventional black entry.
 */
export function paletteDarkestIndex(ds: DataSet): number | undefined {
  const descriptor = ds.numbers('RedPaletteColorLookupTableDescriptor');
  const [rawCount, firstMapped] = descriptor;
  if (rawCount === undefined || firstMapped === undefined) return undefined;
  const count = rawCount === 0 ? 65536 : rawCount;
  const [r, g, b] = ['Red', 'Green', 'Blue'].map((c) => entries(ds, c, count));
  if (!r || !g || !b) return undefined;
  let best = 0;
  let bestLuma = Infinity;
  for (let i = 0; i < count; i++) {
    const luma = 0.299 * (r[i] as number) + 0.587 * (g[i] as number) + 0.114 * (b[i] as number);
    if (luma < bestLuma) {
      bestLuma = luma;
      best = i;
    }
  }
  return firstMapped + best;
}
