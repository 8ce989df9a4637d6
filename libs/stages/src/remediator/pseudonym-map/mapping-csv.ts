import { MapKind } from './map-cipher';
import { MapPair } from './pseudonym-map.service';

/** The MIDI-B column names of each table. */
export const MAPPING_HEADERS: Readonly<Record<MapKind, string>> = {
  'patient-id': 'id_old,id_new',
  uid: 'uid_old,uid_new',
};

/** An RFC 4180 field: quoted when it holds a comma, quote, line break or edge space. */
export const csvField = (s: string): string => (/[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** A mapping table as CSV lines, header first. */
export async function* mappingCsv(kind: MapKind, pairs: AsyncIterable<MapPair>): AsyncGenerator<string> {
  yield MAPPING_HEADERS[kind];
  for await (const p of pairs) yield `${csvField(p.original)},${csvField(p.pseudonym)}`;
}
