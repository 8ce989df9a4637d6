import { EventEnvelope, KeyRing } from '@gantry/domain';
import { canonicalJson } from './canonical-json';

/** The last link of a stream: its version and the hash of its last event (null before the first). */
export interface StreamTail {
  version: number;
  hash: string | null;
}

/**
 * The keyed hash chain of a stream, the tamper evidence of the audit trail:
 *   hash_0 = HMAC(auditKey, "gantry/event-store/genesis/" || streamId)
 *   hash_n = HMAC(auditKey, hash_{n-1} || canonicalJson(envelope_n))
 * Binding hash_0 to the stream id means a whole stream cannot be moved under another id
 * undetected. The key never leaves this process: the database cannot recompute a link,
 * so an edit made directly in the database cannot be re-sealed.
 */
export class EventChain {
  constructor(private readonly keyRing: KeyRing) {}

  genesis(streamId: string): string {
    return this.keyRing.mac('audit', `gantry/event-store/genesis/${streamId}`).toString('hex');
  }

  link(previousHash: string, envelope: EventEnvelope): string {
    return this.keyRing.mac('audit', previousHash + canonicalJson(envelope)).toString('hex');
  }

  /** Hashes for events appended after `tail`, in order. */
  extend(streamId: string, tail: StreamTail, envelopes: readonly EventEnvelope[]): string[] {
    let previous = tail.hash ?? this.genesis(streamId);
    return envelopes.map((envelope) => {
      previous = this.link(previous, envelope);
      return previous;
    });
  }
}
