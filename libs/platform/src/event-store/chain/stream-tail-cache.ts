import { StreamTail } from './event-chain';

/**
 * Last known tail per stream, least recently used evicted first. The next link of a
 * chain needs the previous hash, which only the database holds; remembering the tail
 * this process last wrote or read lets an append be one round trip. A stale entry is
 * harmless: the append function compares it with the locked stream row and answers with
 * the real tail, and the append is retried once with it.
 */
export class StreamTailCache {
  private readonly tails = new Map<string, StreamTail>();

  constructor(private readonly capacity = 10_000) {}

  get(streamId: string): StreamTail | undefined {
    const tail = this.tails.get(streamId);
    if (tail) {
      this.tails.delete(streamId);
      this.tails.set(streamId, tail);
    }
    return tail;
  }

  set(streamId: string, tail: StreamTail): void {
    this.tails.delete(streamId);
    this.tails.set(streamId, tail);
    if (this.tails.size > this.capacity) {
      const oldest = this.tails.keys().next();
      if (!oldest.done) this.tails.delete(oldest.value);
    }
  }

  forget(streamId: string): void {
    this.tails.delete(streamId);
  }

  get size(): number {
    return this.tails.size;
  }
}
