import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { KeyRing, PseudonymEntry } from '@gantry/domain';
import { SQL, Sql } from '@gantry/platform';
import { MapCipher, MapKind } from './map-cipher';
import { insertRows, pageOfRows, SealedRow } from './pseudonym-map.queries';
import { ensurePseudonymMapSchema } from './pseudonym-map.schema';

export interface MapPair {
  original: string;
  pseudonym: string;
}

const PAGE_SIZE = 1000;
const kindOf = (e: PseudonymEntry): MapKind => (e.kind === 'patientId' ? 'patient-id' : 'uid');

/**
 * The pseudonym map (original → pseudonym for Patient IDs and UIDs), for whoever holds the
 * deployment key: written by the remediator, read by `gantry mapping export`. It lives in
 * the database only, originals encrypted, and never goes on the bus or into a log.
 */
@Injectable()
export class PseudonymMapService {
  private readonly cipher: MapCipher;

  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly dataSource: DataSource,
    keys: KeyRing,
  ) {
    this.cipher = new MapCipher(keys);
  }

  ensureSchema(): Promise<void> {
    return ensurePseudonymMapSchema(this.dataSource);
  }

  /** Records an instance's pseudonyms. Idempotent: rows already there are kept. */
  async record(entries: readonly PseudonymEntry[]): Promise<void> {
    const rows = entries.map((e): SealedRow => {
      const kind = kindOf(e);
      const lookup = this.cipher.lookup(kind, e.original);
      return { kind, lookup, pseudonym: e.pseudonym, sealed: this.cipher.encrypt(kind, lookup, e.original) };
    });
    await insertRows(this.sql, rows);
  }

  /** Every pair of a kind, decrypted, in the order first recorded; page by page. */
  async *pairs(kind: MapKind): AsyncGenerator<MapPair> {
    let after = '0';
    for (;;) {
      const page = await pageOfRows(this.sql, kind, after, PAGE_SIZE);
      for (const row of page) yield { original: this.cipher.decrypt(kind, row.lookup, row.sealed), pseudonym: row.pseudonym };
      const last = page[page.length - 1];
      if (last === undefined || page.length < PAGE_SIZE) return;
      after = last.seq;
    }
  }
}
