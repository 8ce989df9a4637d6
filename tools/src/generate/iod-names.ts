/**
 * Maps the IOD titles of the 2008 module tables ("US Image IOD Modules") to the IOD
 * names PS3.4 uses today ("Ultrasound Image"), which is what sop-classes.json records.
 * Most differ only in punctuation; the rest were renamed or abbreviated in 2008 and are
 * listed here so every mapping is explicit and reviewable.
 */
const RENAMED: Readonly<Record<string, string>> = {
  'CR Image': 'Computed Radiography Image',
  'NM Image': 'Nuclear Medicine Image',
  'US Image': 'Ultrasound Image',
  'US Multi Frame Image': 'Ultrasound Multi-frame Image',
  'SC Image': 'Secondary Capture Image',
  'Multi Frame Single Bit SC Image': 'Multi-frame Single Bit Secondary Capture Image',
  'Multi Frame Grayscale Byte SC Image': 'Multi-frame Grayscale Byte Secondary Capture Image',
  'Multi Frame Grayscale Word SC Image': 'Multi-frame Grayscale Word Secondary Capture Image',
  'Multi Frame True Color SC Image': 'Multi-frame True Color Secondary Capture Image',
  'PET Image': 'Positron Emission Tomography Image',
  'XRF Image': 'X-Ray Radiofluoroscopic Image',
  'Enhanced X Ray Angiographic Image': 'Enhanced XA Image',
  'Enhanced X Ray RF Image': 'Enhanced XRF Image',
  Hemodynamic: 'Hemodynamic Waveform',
  'Basic Cardiac EP': 'Basic Cardiac Electrophysiology Waveform',
  'Basic Voice Audio': 'Basic Voice Audio Waveform',
};

/** 'CT Image IOD Modules' → 'CT Image'. */
export const iodTitleName = (title: string): string => title.replace(/\s+IOD Modules\s*$/i, '').trim();

/** Case, hyphens and spacing do not distinguish IOD names ('X Ray' = 'X-Ray'). */
const comparable = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

/**
 * For each 2008 IOD title, the current IOD name it corresponds to, or undefined when no
 * current SOP class uses that IOD (print and other normalized IODs, vendor tables).
 */
export function matchIodNames(titles: readonly string[], currentNames: readonly string[]): Map<string, string | undefined> {
  const current = new Map(currentNames.map((n) => [comparable(n), n]));
  const out = new Map<string, string | undefined>();
  for (const title of titles) {
    const name = iodTitleName(title);
    out.set(title, current.get(comparable(RENAMED[name] ?? name)));
  }
  return out;
}
