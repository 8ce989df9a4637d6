import type { ActionCode, ConfidentialityProfileData, ProfileOption, ProfileRule } from '@gantry/domain';
import { GENERATED_BY, type SourceFile } from './sources';

/** Edition of the Innolitics export of PS3.15 Table E.1-1 that ../shared holds. */
export const PROFILE_EDITION = '2024b';

/** Source column → Gantry option name. A column not listed here fails the generator. */
export const OPTION_COLUMNS: Readonly<Record<string, ProfileOption>> = {
  rtnSafePrivOpt: 'retainSafePrivate',
  rtnUIDsOpt: 'retainUIDs',
  rtnDevIdOpt: 'retainDeviceIdentity',
  rtnInstIdOpt: 'retainInstitutionIdentity',
  rtnPatCharsOpt: 'retainPatientCharacteristics',
  rtnLongFullDatesOpt: 'retainLongitudinalFullDates',
  rtnLongModifDatesOpt: 'retainLongitudinalModifiedDates',
  cleanDescOpt: 'cleanDescriptors',
  cleanStructContOpt: 'cleanStructuredContent',
  cleanGraphOpt: 'cleanGraphics',
};

/**
 * The action codes the generator accepts. Types only are imported from the domain, so
 * the generator runs even while the data files it writes are absent or stale.
 */
const ACTION_CODES: readonly ActionCode[] = ['D', 'Z', 'X', 'K', 'C', 'U', 'Z/D', 'X/Z', 'X/D', 'X/Z/D', 'X/Z/U*'];

const KNOWN_COLUMNS = new Set(['name', 'tag', 'id', 'stdCompIOD', 'basicProfile', ...Object.keys(OPTION_COLUMNS)]);
const TAG_RE = /^\(([0-9A-FX]{4}),([0-9A-FX]{4})\)$/;
/** The one row that is not a tag: "(gggg,eeee) where gggg is odd". */
const PRIVATE_RE = /^\(GGGG,EEEE\) WHERE GGGG IS ODD$/i;

function actionCode(value: unknown, where: string): ActionCode {
  const code = ACTION_CODES.find((c) => c === value);
  if (code !== undefined) return code;
  throw new Error(`E.1-1: unknown action code ${JSON.stringify(value)} in ${where}`);
}

/** '(0010,0010)' → '00100010', '(50XX,XXXX)' → '50XXXXXX', the private row → 'PRIVATE'. */
export function profileTag(raw: string): string {
  const upper = raw.toUpperCase().trim();
  if (PRIVATE_RE.test(upper)) return 'PRIVATE';
  const m = TAG_RE.exec(upper);
  if (!m) throw new Error(`E.1-1: unreadable tag ${JSON.stringify(raw)}`);
  return `${m[1] as string}${m[2] as string}`;
}

function toRule(row: Record<string, unknown>): ProfileRule {
  const where = `row ${JSON.stringify(row['tag'])}`;
  for (const key of Object.keys(row)) {
    if (!KNOWN_COLUMNS.has(key)) throw new Error(`E.1-1: unknown column ${key} in ${where}`);
  }
  const { name, tag, stdCompIOD } = row;
  if (typeof name !== 'string' || typeof tag !== 'string') throw new Error(`E.1-1: name/tag missing in ${where}`);
  if (stdCompIOD !== 'Y' && stdCompIOD !== 'N') throw new Error(`E.1-1: stdCompIOD must be Y or N in ${where}`);
  const options: Partial<Record<ProfileOption, ActionCode>> = {};
  for (const [column, option] of Object.entries(OPTION_COLUMNS)) {
    if (row[column] !== undefined) options[option] = actionCode(row[column], `${where} ${column}`);
  }
  return {
    tag: profileTag(tag),
    name: name.trim(),
    basic: actionCode(row['basicProfile'], `${where} basicProfile`),
    options,
    stdCompIOD: stdCompIOD === 'Y',
  };
}

export function buildProfile(source: SourceFile): ConfidentialityProfileData {
  const parsed: unknown = JSON.parse(source.text);
  if (!Array.isArray(parsed)) throw new Error('E.1-1: expected an array of rows');
  const rules = parsed.map((row: unknown) => {
    if (typeof row !== 'object' || row === null) throw new Error('E.1-1: a row is not an object');
    return toRule(row as Record<string, unknown>);
  });
  const seen = new Set<string>();
  for (const r of rules) {
    if (seen.has(r.tag)) throw new Error(`E.1-1: duplicate tag ${r.tag}`);
    seen.add(r.tag);
  }
  rules.sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  return { edition: PROFILE_EDITION, source: source.name, sha256: source.sha256, generatedBy: GENERATED_BY, rules };
}
