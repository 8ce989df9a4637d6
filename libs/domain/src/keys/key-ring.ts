import { createHmac, timingSafeEqual } from 'node:crypto';
import { GantryError } from '../errors';

export class KeyError extends GantryError {}

/** Domain-separation labels: each purpose gets its own sub-key, so no output of one can be replayed as another. */
const PURPOSES = ['instance', 'content', 'patient', 'study', 'series', 'device', 'uid', 'id', 'date', 'audit', 'mapping'] as const;
export type KeyPurpose = (typeof PURPOSES)[number];

/**
 * Derives every keyed value in Gantry from one 32-byte deployment secret by HMAC-SHA256
 * with a purpose label. The same secret gives the same outputs on every replica and run,
 * which is what makes pseudonyms and opaque keys reproducible.
 */
export class KeyRing {
  private readonly subkeys: ReadonlyMap<KeyPurpose, Buffer>;
  /** A short public fingerprint of the secret, safe to log and record. */
  readonly fingerprint: string;

  constructor(secret: Uint8Array) {
    if (secret.length < 32) throw new KeyError('KEY_TOO_SHORT', 'the deployment key must be at least 32 bytes');
    const master = Buffer.from(secret);
    this.subkeys = new Map(PURPOSES.map((p) => [p, hmac(master, `gantry/v1/${p}`)]));
    this.fingerprint = hmac(master, 'gantry/v1/fingerprint').subarray(0, 8).toString('hex');
  }

  /** Raw HMAC of `input` under the purpose's sub-key. */
  mac(purpose: KeyPurpose, input: string | Uint8Array): Buffer {
    const key = this.subkeys.get(purpose);
    if (!key) throw new KeyError('UNKNOWN_PURPOSE', `no sub-key for purpose ${purpose}`);
    return hmac(key, input);
  }

  /** 128-bit opaque key in lowercase hex, used for subjects, streams and blob names. */
  opaque(purpose: KeyPurpose, input: string | Uint8Array): string {
    return this.mac(purpose, input).subarray(0, 16).toString('hex');
  }

  /** Opaque key of an instance, from its SOP Instance UID. */
  instanceKey(sopInstanceUid: string): string {
    return this.opaque('instance', sopInstanceUid);
  }

  /** Opaque key of bytes that have no usable identity (rejections), from their sha256. */
  contentKey(sha256Hex: string): string {
    return this.opaque('content', sha256Hex);
  }

  /** Constant-time comparison of two MACs. */
  static equal(a: Uint8Array, b: Uint8Array): boolean {
    return a.length === b.length && timingSafeEqual(a, b);
  }
}

function hmac(key: Uint8Array, input: string | Uint8Array): Buffer {
  return createHmac('sha256', key).update(input).digest();
}
