import type { SafePrivateData, SafePrivateEntry } from '@gantry/domain';
import { GENERATED_BY, type SourceFile } from './sources';
import { parseXml, type XmlElement } from './xml';

/** CTP's dictionary carries no edition; the checksum identifies the copy we used. */
export const PRIVATE_DICTIONARY_EDITION = 'RSNA CTP PrivateTagDictionary.xml (unversioned)';

/** Counts the report prints so a reviewer sees what was left out and why. */
export interface SafePrivateReport {
  readonly elements: number;
  readonly codes: Readonly<Record<string, number>>;
  readonly rejectedEvenGroup: number;
}

function attr(el: XmlElement, name: string): string {
  const v = el.attrs[name];
  if (v === undefined) throw new Error(`PrivateTagDictionary: <element> without ${name}`);
  return v;
}

function toEntry(el: XmlElement): SafePrivateEntry {
  const group = attr(el, 'gp').toUpperCase();
  const element = attr(el, 'el').toUpperCase();
  if (!/^[0-9A-F]{4}$/.test(group) || !/^[0-9A-F]{2}$/.test(element)) {
    throw new Error(`PrivateTagDictionary: bad gp/el ${group}/${element}`);
  }
  // Creator strings are LO: leading and trailing spaces are padding, not part of the value.
  return { creator: attr(el, 'cr').trim(), group, element, vr: attr(el, 'vr'), keyword: attr(el, 'key') };
}

const compare = (a: SafePrivateEntry, b: SafePrivateEntry): number => {
  const ka = `${a.creator}\u0000${a.group}${a.element}`;
  const kb = `${b.creator}\u0000${b.group}${b.element}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

/**
 * The Retain Safe Private list: elements CTP marks code="K". Other codes (X, R, KB, Z, F)
 * are not "safe" in CTP's sense and are left out. An even group cannot hold private
 * elements (PS3.5 7.8), so such a row is a dictionary error and is not kept.
 */
export function buildSafePrivate(source: SourceFile): { data: SafePrivateData; report: SafePrivateReport } {
  const doc = parseXml(source.text);
  const elements = doc.children
    .flatMap((c) => (c.name === 'elements' ? c.children : []))
    .filter((e) => e.name === 'element');
  const codes: Record<string, number> = {};
  const entries: SafePrivateEntry[] = [];
  let rejectedEvenGroup = 0;
  for (const el of elements) {
    const code = attr(el, 'code');
    codes[code] = (codes[code] ?? 0) + 1;
    if (code !== 'K') continue;
    const entry = toEntry(el);
    if ((parseInt(entry.group, 16) & 1) === 0) {
      rejectedEvenGroup += 1;
      continue;
    }
    entries.push(entry);
  }
  entries.sort(compare);
  for (let i = 1; i < entries.length; i += 1) {
    if (compare(entries[i - 1] as SafePrivateEntry, entries[i] as SafePrivateEntry) === 0) {
      throw new Error(`PrivateTagDictionary: duplicate safe entry ${(entries[i] as SafePrivateEntry).creator}`);
    }
  }
  const data: SafePrivateData = {
    edition: PRIVATE_DICTIONARY_EDITION,
    source: source.name,
    sha256: source.sha256,
    generatedBy: GENERATED_BY,
    entries,
  };
  return { data, report: { elements: elements.length, codes, rejectedEvenGroup } };
}
