import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { KeyRing } from '@gantry/domain';
import { PseudonymMapKeyError } from './pseudonym-map-key.error';

export type MapKind = 'patient-id' | 'uid';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encryption of the pseudonym map's originals: AES-256-GCM under a key derived from the
 * deployment key ('mapping' purpose), a fresh IV per row, and the row's kind and lookup
 * hash as associated data, so a ciphertext moved to another row fails authentication.
 * The lookup hash (HMAC of the original under the same purpose, with another label)
 * finds and de-duplicates rows without decrypting any.
 */
export class MapCipher {
  private readonly key: Buffer;

  constructor(private readonly keys: KeyRing) {
    this.key = keys.mac('mapping', 'gantry/v1/pseudonym-map/aes-256-gcm');
  }

  lookup(kind: MapKind, original: string): string {
    return this.keys.mac('mapping', `lookup\u0000${kind}\u0000${original}`).toString('hex');
  }

  /** base64(iv ‖ tag ‖ ciphertext). */
  encrypt(kind: MapKind, lookup: string, original: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(`${kind}\u0000${lookup}`));
    const body = Buffer.concat([cipher.update(original, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  decrypt(kind: MapKind, lookup: string, sealed: string): string {
    try {
      const raw = Buffer.from(sealed, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(`${kind}\u0000${lookup}`));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch (e) {
      throw new PseudonymMapKeyError({ cause: e });
    }
  }
}
