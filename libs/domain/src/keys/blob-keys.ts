/** Storage areas, each with one owning stage (see docs/ARCHITECTURE.md). */
export type BlobArea = 'raw' | 'quarantine' | 'remediated' | 'redacted';

/**
 * Opaque blob key from an area and a hex name (an instance key or a sha256).
 * A two-character fan-out directory keeps filesystem directories small.
 */
export function blobKey(area: BlobArea, hexName: string, ext: 'dcm' | 'bin' = 'dcm'): string {
  if (!/^[0-9a-f]{32,64}$/.test(hexName)) throw new TypeError('blob names must be lowercase hex');
  return `${area}/${hexName.slice(0, 2)}/${hexName}.${ext}`;
}
