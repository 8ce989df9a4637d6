import { buildIodModules, type IodModulesReport } from './iod-modules';
import { stableJson } from './json-out';
import { buildProfile } from './profile';
import { buildSafePrivate, type SafePrivateReport } from './safe-private';
import { buildSopClasses } from './sop-classes';
import { readSources } from './sources';

export const DATA_FILES = [
  'confidentiality-profile.json',
  'iod-modules.json',
  'safe-private.json',
  'sop-classes.json',
] as const;
export type DataFileName = (typeof DATA_FILES)[number];

export interface GenerationResult {
  /** File name → exact file content. */
  readonly files: Readonly<Record<DataFileName, string>>;
  readonly summary: readonly string[];
}

function summarize(
  counts: { rules: number; iods: number; modules: number; safe: number; sopClasses: number },
  iod: IodModulesReport,
  priv: SafePrivateReport,
): string[] {
  const e = iod.expand;
  const unresolved = [...e.unresolved.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  return [
    `confidentiality-profile.json: ${counts.rules} rules`,
    `sop-classes.json: ${counts.sopClasses} SOP classes`,
    `iod-modules.json: ${counts.iods} IODs, ${counts.modules} modules`,
    `  2008 IODs without a current SOP class (left out): ${iod.unmappedIods.join('; ') || 'none'}`,
    `  SOP classes whose IOD has no 2008 module table: ${iod.sopClassesWithoutModules.length}`,
    `  macro includes skipped as recursive: ${e.recursive}; orphan rows: ${e.orphans}; duplicate paths: ${e.duplicates}`,
    `  unresolved include rows (${unresolved.length}):`,
    ...unresolved.map(([text, n]) => `    ${n}× ${text.slice(0, 100)}`),
    `safe-private.json: ${counts.safe} entries (code K) of ${priv.elements} elements; ` +
      `codes ${JSON.stringify(priv.codes)}; even-group K rows dropped: ${priv.rejectedEvenGroup}`,
  ];
}

/** Build every data file from the shared reference directory. Pure apart from reading. */
export function generateAll(sharedDir: string): GenerationResult {
  const sources = readSources(sharedDir);
  const profile = buildProfile(sources.profile);
  const sopClasses = buildSopClasses(sources.sopClasses);
  const iod = buildIodModules(sources.modules, sopClasses);
  const priv = buildSafePrivate(sources.privateDictionary);
  const files: Record<DataFileName, string> = {
    'confidentiality-profile.json': stableJson(profile),
    'iod-modules.json': stableJson(iod.data, 3),
    'safe-private.json': stableJson(priv.data),
    'sop-classes.json': stableJson(sopClasses),
  };
  const counts = {
    rules: profile.rules.length,
    iods: Object.keys(iod.data.iods).length,
    modules: Object.keys(iod.data.modules).length,
    safe: priv.data.entries.length,
    sopClasses: Object.keys(sopClasses.sopClasses).length,
  };
  return { files, summary: summarize(counts, iod.report, priv.report) };
}
