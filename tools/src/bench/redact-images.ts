import { DicomBuilder, DicomObject, PixelOptions } from '@gantry/domain';

/** The two benchmark images: a CT slice and an ultrasound cine loop, with busy deterministic pixels. */
export const REDACT_SCENARIOS = {
  ct: { label: '512x512 16-bit (CT)', modality: 'CT', frames: 1, pixels: { rows: 512, columns: 512, bitsAllocated: 16, bitsStored: 12, highBit: 11 } },
  us: { label: '640x480 RGB (US, 10-frame cine)', modality: 'US', frames: 10, pixels: { rows: 480, columns: 640, photometric: 'RGB', samplesPerPixel: 3, frames: 10 } },
} as const satisfies Record<string, { label: string; modality: 'CT' | 'US'; frames: number; pixels: PixelOptions }>;
export type RedactScenario = keyof typeof REDACT_SCENARIOS;

/** The band every rule blanks: the top 48 rows, where devices print names and dates. */
export const BENCH_ZONE = { x: 0, y: 0, width: 640, height: 48 };

/**
 * One instance of a scenario, its SOP Instance UID numbered by `n`. The builder's
 * per-sample pattern function is too slow for megapixels, so the bytes are made here.
 */
export function benchImage(scenario: RedactScenario, n: number): DicomObject {
  const s = REDACT_SCENARIOS[scenario];
  const obj = new DicomBuilder({ seed: `bench-redact-${scenario}` })
    .patient({ name: 'BENCH^REDACT', id: 'BENCHR01' })
    .series({ modality: s.modality })
    .equipment({ manufacturer: 'BENCH', model: `REDACT-${scenario.toUpperCase()}`, serial: 'B-1' })
    .instance({ uid: `2.25.${7_000_000 + n}`, number: n })
    .pixels({ ...s.pixels, pattern: 'zero' })
    .build();
  const bytes = (obj.dataset.bytes('PixelData') as Uint8Array).slice();
  const row = s.pixels.columns * ('samplesPerPixel' in s.pixels ? 3 : 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = ((i % row) * 3 + Math.floor(i / row) * 5 + n) & (scenario === 'ct' && i % 2 === 1 ? 0x0f : 0xff);
  obj.dataset.set('PixelData', bytes);
  return obj;
}
