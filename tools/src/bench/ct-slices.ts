import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DicomBuilder } from '@gantry/domain';

/**
 * Writes `count` 512×512 16-bit CT slices of one deterministic series into `dir`
 * (same seed, same bytes: the benchmark is reproducible). Returns the total bytes.
 */
export async function writeCtSlices(dir: string, count: number, seed = 'bench'): Promise<number> {
  await mkdir(dir, { recursive: true });
  let bytes = 0;
  for (let i = 1; i <= count; i++) {
    const data = new DicomBuilder({ seed })
      .patient({ name: 'BENCH^PATIENT', id: 'BENCH001', birthDate: '19700101', sex: 'O' })
      .study({ uid: '2.25.7001', accession: 'BENCHACC', description: 'benchmark series' })
      .series({ uid: '2.25.7001.1', modality: 'CT', number: 1 })
      .equipment({ manufacturer: 'BENCH', model: 'CT-512', serial: 'B-1' })
      .instance({ number: i })
      .pixels({ rows: 512, columns: 512, bitsAllocated: 16, pixelRepresentation: 1, pattern: (x, y) => (x * 7 + y * 13 + i) & 0x0fff })
      .toBytes();
    await writeFile(join(dir, `slice-${String(i).padStart(5, '0')}.dcm`), data);
    bytes += data.length;
  }
  return bytes;
}
