import { INSTANCE_DUPLICATED, KeyRing, newEvent } from '@gantry/domain';
import { ChainRow, ChainVerifier } from './chain-verifier';
import { EventChain } from './event-chain';

const chain = new EventChain(new KeyRing(Buffer.alloc(32, 3)));
let global = 0n;

/** A correctly chained stream of `n` events, with its head recorded. */
function stream(streamId: string, n: number): ChainRow[] {
  const envelopes = Array.from({ length: n }, (_, i) =>
    newEvent({ type: INSTANCE_DUPLICATED, source: 'gantry/ingest', subject: 'a'.repeat(32), data: { key: 'a'.repeat(32), sha256: String(i % 10).repeat(64), source: 'file' } }),
  );
  const hashes = chain.extend(streamId, { version: 0, hash: null }, envelopes);
  const head = { version: n, hash: hashes[n - 1] ?? null };
  return envelopes.map((envelope, i) => ({ streamId, streamPosition: i + 1, globalPosition: (global += 1n), envelope, hash: hashes[i]!, head }));
}

const verify = (rows: ChainRow[]) => {
  const verifier = new ChainVerifier(chain);
  rows.forEach((r) => verifier.push(r));
  return verifier.finish();
};

describe('ChainVerifier', () => {
  it('accepts intact chains', () => {
    expect(verify([...stream('a', 3), ...stream('b', 1)])).toEqual([]);
  });

  it('reports only the first break of a stream, and other streams independently', () => {
    const a = stream('a', 4);
    a[1] = { ...a[1]!, envelope: { ...a[1]!.envelope, time: '2000-01-01T00:00:00.000Z' } };
    a[2] = { ...a[2]!, hash: '0'.repeat(64) };
    const b = stream('b', 2);
    b[1] = { ...b[1]!, hash: 'f'.repeat(64) };
    expect(verify([...a, ...b])).toEqual([
      { streamId: 'a', streamPosition: 2, globalPosition: a[1]!.globalPosition, reason: 'hash_mismatch' },
      { streamId: 'b', streamPosition: 2, globalPosition: b[1]!.globalPosition, reason: 'hash_mismatch' },
    ]);
  });

  it('reports a missing position as a gap', () => {
    const a = stream('a', 3);
    expect(verify([a[0]!, a[2]!])).toEqual([{ streamId: 'a', streamPosition: 2, globalPosition: a[2]!.globalPosition, reason: 'gap' }]);
  });

  it('reports a removed tail against the recorded head, and a head that disagrees', () => {
    const a = stream('a', 3);
    expect(verify(a.slice(0, 2))).toEqual([{ streamId: 'a', streamPosition: 3, globalPosition: a[1]!.globalPosition, reason: 'truncated' }]);
    const b = stream('b', 2).map((r) => ({ ...r, head: { version: 2, hash: 'e'.repeat(64) } }));
    expect(verify(b)).toEqual([{ streamId: 'b', streamPosition: 2, globalPosition: b[1]!.globalPosition, reason: 'head_mismatch' }]);
  });

  it('judges the head by the one read with the stream\'s latest row (pages read at different times)', () => {
    const a = stream('a', 3);
    const earlierHead = { version: 1, hash: a[0]!.hash };
    expect(verify([{ ...a[0]!, head: earlierHead }, ...a.slice(1)])).toEqual([]);
  });

  it('reports a stream whose every event is gone', () => {
    const verifier = new ChainVerifier(chain);
    stream('a', 1).forEach((r) => verifier.push(r));
    verifier.pushEmptyStream('z');
    expect(verifier.finish()).toEqual([{ streamId: 'z', streamPosition: 1, globalPosition: 0n, reason: 'truncated' }]);
  });
});
