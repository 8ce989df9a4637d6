import { EventEnvelope } from '@gantry/domain';
import { ChainBreak, ChainBreakReason } from '../event-store.port';
import { EventChain, StreamTail } from './event-chain';

/** One stored event as the verifier needs it. */
export interface ChainRow {
  streamId: string;
  streamPosition: number;
  globalPosition: bigint;
  envelope: EventEnvelope;
  hash: string;
  /** The stream's recorded head (streams table), or null if it has none. */
  head: StreamTail | null;
}

interface StreamState {
  streamId: string;
  nextPosition: number;
  previousHash: string;
  lastGlobalPosition: bigint;
  head: StreamTail | null;
  broken: boolean;
}

/**
 * Recomputes hash chains from rows fed in (streamId, streamPosition) order, keeping only
 * the first break per stream: once a link is wrong every later link is suspect, and the
 * auditor needs the point where trust ends, not a cascade.
 */
export class ChainVerifier {
  private readonly found: ChainBreak[] = [];
  private current: StreamState | null = null;

  constructor(private readonly chain: EventChain) {}

  push(row: ChainRow): void {
    if (row.streamId !== this.current?.streamId) this.startStream(row);
    const state = this.current;
    if (!state || state.broken) return;
    // Pages are read in separate statements: the head read with the stream's latest row
    // is the one consistent with the rows seen so far, even if appends happened between.
    state.head = row.head;
    if (row.streamPosition !== state.nextPosition) {
      this.fail(state, 'gap', state.nextPosition, row.globalPosition);
      return;
    }
    if (this.chain.link(state.previousHash, row.envelope) !== row.hash) {
      this.fail(state, 'hash_mismatch', row.streamPosition, row.globalPosition);
      return;
    }
    state.previousHash = row.hash;
    state.nextPosition += 1;
    state.lastGlobalPosition = row.globalPosition;
  }

  /** A stream whose head is recorded but which has no event left at all. */
  pushEmptyStream(streamId: string): void {
    this.finishStream();
    this.found.push({ streamId, streamPosition: 1, globalPosition: 0n, reason: 'truncated' });
  }

  finish(): ChainBreak[] {
    this.finishStream();
    return this.found;
  }

  private startStream(row: ChainRow): void {
    this.finishStream();
    this.current = {
      streamId: row.streamId,
      nextPosition: 1,
      previousHash: this.chain.genesis(row.streamId),
      lastGlobalPosition: 0n,
      head: row.head,
      broken: false,
    };
  }

  /** The head check catches a removed tail, which leaves every remaining link valid. */
  private finishStream(): void {
    const state = this.current;
    this.current = null;
    if (!state || state.broken || !state.head) return;
    const lastPosition = state.nextPosition - 1;
    if (state.head.version > lastPosition) {
      this.fail(state, 'truncated', lastPosition + 1, state.lastGlobalPosition);
    } else if (state.head.version !== lastPosition || state.head.hash !== state.previousHash) {
      this.fail(state, 'head_mismatch', lastPosition, state.lastGlobalPosition);
    }
  }

  private fail(state: StreamState, reason: ChainBreakReason, streamPosition: number, globalPosition: bigint): void {
    state.broken = true;
    this.found.push({ streamId: state.streamId, streamPosition, globalPosition, reason });
  }
}
