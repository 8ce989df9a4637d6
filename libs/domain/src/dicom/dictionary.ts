import { createRequire } from 'node:module';
import { isVr, type Vr } from './vr';

/** One standard data element: its keyword (without dcmjs's RETIRED_ prefix) and default VR. */
export interface DictionaryEntry {
  readonly keyword: string;
  readonly vr: Vr | undefined;
  /** dcmjs's code when the VR depends on context ('xs' is US or SS by Pixel Representation). */
  readonly ambiguous?: string;
}

interface Dictionary {
  readonly byTag: ReadonlyMap<number, DictionaryEntry>;
  readonly byKeyword: ReadonlyMap<string, number>;
}

interface RawEntry {
  tag: string;
  vr: string;
  name: string;
}

/**
 * dcmjs marks ambiguous VRs with lowercase codes. The reader only meets them for
 * implicit-VR data, where PS3.5 fixes the choice: OW for pixel/LUT data, US unless
 * Pixel Representation says signed (the reader handles that case), UL for offsets.
 */
const AMBIGUOUS: Readonly<Record<string, Vr | undefined>> = { ox: 'OW', xs: 'US', lt: 'OW', up: 'UL', na: undefined };

let cached: Dictionary | undefined;

function loadNameMap(): Record<string, RawEntry> {
  const load = createRequire(__filename);
  const dcmjs: unknown = load('dcmjs');
  const nameMap = (dcmjs as { data?: { DicomMetaDictionary?: { nameMap?: unknown } } }).data?.DicomMetaDictionary
    ?.nameMap;
  if (typeof nameMap !== 'object' || nameMap === null) throw new Error('dcmjs data dictionary is unavailable');
  return nameMap as Record<string, RawEntry>;
}

function build(): Dictionary {
  const byTag = new Map<number, DictionaryEntry>();
  const byKeyword = new Map<string, number>();
  for (const [name, entry] of Object.entries(loadNameMap())) {
    const m = /^\(([0-9A-F]{4}),([0-9A-F]{4})\)$/.exec(entry.tag);
    if (!m) continue;
    const tag = (parseInt(m[1] as string, 16) * 0x10000 + parseInt(m[2] as string, 16)) >>> 0;
    const keyword = name.replace(/^RETIRED_/, '');
    const vr = isVr(entry.vr) ? entry.vr : AMBIGUOUS[entry.vr];
    byTag.set(tag, isVr(entry.vr) ? { keyword, vr } : { keyword, vr, ambiguous: entry.vr });
    byKeyword.set(keyword, tag);
    byKeyword.set(name, tag);
  }
  return { byTag, byKeyword };
}

/** The dictionary, built once on first use: loading dcmjs costs tens of milliseconds. */
export function dictionary(): Dictionary {
  cached ??= build();
  return cached;
}

/**
 * Base group of a repeating group (curves 50xx, overlays 60xx, variable pixel data 7Fxx),
 * whose elements the dictionary lists under the first group only.
 */
function repeatingBase(group: number): number | undefined {
  if ((group & 1) !== 0) return undefined;
  const high = group & 0xff00;
  if (high === 0x7f00) return group < 0x7fe0 ? high : undefined; // 7FE0 is Pixel Data's own group
  return high === 0x5000 || high === 0x6000 ? high : undefined;
}

/** Standard entry for a numeric tag, resolving repeating groups. */
export function lookupTag(tag: number): DictionaryEntry | undefined {
  const d = dictionary();
  const direct = d.byTag.get(tag);
  if (direct) return direct;
  const group = tag >>> 16;
  const base = repeatingBase(group);
  if (base === undefined || base === group) return undefined;
  return d.byTag.get(((base << 16) | (tag & 0xffff)) >>> 0);
}
