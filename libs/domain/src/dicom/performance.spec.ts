import { DicomBuilder } from './builder/dicom-builder';
import { parseDicom } from './parse-dicom';
import { writeDicom } from './write-dicom';

/** Median wall time of `fn` in milliseconds, after a warm-up. */
function medianMs(runs: number, fn: () => void): number {
  for (let i = 0; i < 20; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)] as number;
}

describe('throughput on a 512x512 16-bit CT', () => {
  const bytes = new DicomBuilder({ seed: 'perf' }).pixels({ rows: 512, columns: 512, bitsAllocated: 16 }).toBytes();

  it('parses well under a millisecond (values stay undecoded until read)', () => {
    const ms = medianMs(200, () => parseDicom(bytes));
    console.log(`parse 512x512 CT: median ${ms.toFixed(3)} ms`);
    // Typically ~0.05 ms; the bound leaves room for slow, shared CI machines.
    expect(ms).toBeLessThan(1);
  });

  it('writes an unchanged object by copying source bytes, without decoding values', () => {
    const obj = parseDicom(bytes);
    const out = writeDicom(obj);
    expect(Buffer.from(out).equals(Buffer.from(bytes))).toBe(true);
    expect(obj.dataset.get('PatientName')?.isDecoded).toBe(false);
    expect(obj.dataset.get('ImagePositionPatient')?.isDecoded).toBe(false);
    const ms = medianMs(100, () => writeDicom(obj));
    console.log(`write 512x512 CT: median ${ms.toFixed(3)} ms`);
    expect(ms).toBeLessThan(10);
  });
});
