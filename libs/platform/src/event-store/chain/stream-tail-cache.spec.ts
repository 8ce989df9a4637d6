import { StreamTailCache } from './stream-tail-cache';

describe('StreamTailCache', () => {
  it('evicts the least recently used stream beyond its capacity', () => {
    const cache = new StreamTailCache(2);
    cache.set('a', { version: 1, hash: 'ha' });
    cache.set('b', { version: 1, hash: 'hb' });
    expect(cache.get('a')).toEqual({ version: 1, hash: 'ha' });
    cache.set('c', { version: 1, hash: 'hc' });
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.size).toBe(2);
  });

  it('replaces and forgets tails', () => {
    const cache = new StreamTailCache();
    cache.set('a', { version: 1, hash: 'h1' });
    cache.set('a', { version: 2, hash: 'h2' });
    expect(cache.get('a')).toEqual({ version: 2, hash: 'h2' });
    cache.forget('a');
    expect(cache.get('a')).toBeUndefined();
  });
});
