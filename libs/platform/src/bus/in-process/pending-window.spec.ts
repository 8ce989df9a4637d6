import { PendingWindow, sameCheckpoint } from './pending-window';

const at = (n: number) => ({ transactionId: BigInt(n), globalPosition: BigInt(n) });

describe('PendingWindow', () => {
  it('moves only over the contiguous finished prefix', () => {
    const w = new PendingWindow();
    const [a, b, c] = [w.add(at(1)), w.add(at(2)), w.add(at(3))];
    w.finish(b!);
    w.finish(c!);
    expect(w.advance()).toBeNull();
    expect(w.open).toBe(1);
    w.finish(a!);
    expect(w.advance()).toEqual(at(3));
    expect(w.open).toBe(0);
    expect(w.advance()).toBeNull();
  });

  it('lets a finished marker carry the checkpoint past unmatched events', () => {
    const w = new PendingWindow();
    const a = w.add(at(1));
    w.add(at(9), true);
    w.finish(a);
    expect(w.advance()).toEqual(at(9));
  });

  it('ignores a second finish of the same entry', () => {
    const w = new PendingWindow();
    const a = w.add(at(1));
    w.add(at(2));
    w.finish(a);
    w.finish(a);
    expect(w.open).toBe(1);
  });

  it('stays correct across compaction', () => {
    const w = new PendingWindow();
    let last = null;
    for (let i = 1; i <= 5_000; i++) {
      w.finish(w.add(at(i)));
      last = w.advance();
    }
    expect(last).toEqual(at(5_000));
    const next = w.add(at(5_001));
    expect(w.advance()).toBeNull();
    w.finish(next);
    expect(w.advance()).toEqual(at(5_001));
  });

  it('compares checkpoints by value', () => {
    expect(sameCheckpoint(at(1), at(1))).toBe(true);
    expect(sameCheckpoint(at(1), at(2))).toBe(false);
    expect(sameCheckpoint(null, undefined)).toBe(true);
    expect(sameCheckpoint(null, at(1))).toBe(false);
  });
});
