import { createHash } from 'node:crypto';

/**
 * A deterministic event id (UUID version 8 layout) for an event caused by another one.
 * Retrying a handler yields the same id, which the event store and JetStream both
 * deduplicate: that is what makes at-least-once delivery produce exactly one effect.
 */
export function derivedEventId(causationId: string, type: string, discriminator = ''): string {
  const h = createHash('sha256').update(`${causationId}\0${type}\0${discriminator}`).digest();
  // Version 8 (custom) and the RFC 4122 variant, so the id is a well-formed UUID.
  h.writeUInt8((h.readUInt8(6) & 0x0f) | 0x80, 6);
  h.writeUInt8((h.readUInt8(8) & 0x3f) | 0x80, 8);
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
