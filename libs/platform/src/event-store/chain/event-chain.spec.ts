import { INSTANCE_DUPLICATED, KeyRing, newEvent } from '@gantry/domain';
import { canonicalJson } from './canonical-json';
import { EventChain } from './event-chain';

const keyRing = new KeyRing(Buffer.alloc(32, 7));
const chain = new EventChain(keyRing);
const event = (sha: string) =>
  newEvent({ type: INSTANCE_DUPLICATED, source: 'gantry/ingest', subject: 'a'.repeat(32), data: { key: 'a'.repeat(32), sha256: sha, source: 'file' } });

describe('EventChain', () => {
  it('links each event to the previous hash with the audit key', () => {
    const e = event('b'.repeat(64));
    const expected = keyRing.mac('audit', 'f'.repeat(64) + canonicalJson(e)).toString('hex');
    expect(chain.link('f'.repeat(64), e)).toBe(expected);
  });

  it('starts every stream from a genesis bound to its id', () => {
    expect(chain.genesis('s-1')).not.toBe(chain.genesis('s-2'));
    const e = event('c'.repeat(64));
    expect(chain.extend('s-1', { version: 0, hash: null }, [e])).toEqual([chain.link(chain.genesis('s-1'), e)]);
  });

  it('extends from a tail, each hash covering all before it', () => {
    const [a, b] = [event('1'.repeat(64)), event('2'.repeat(64))];
    const [ha, hb] = chain.extend('s', { version: 0, hash: null }, [a, b]);
    expect(chain.extend('s', { version: 1, hash: ha! }, [b])).toEqual([hb]);
    expect(chain.extend('s', { version: 0, hash: null }, [b, a])[1]).not.toBe(hb);
  });

  it('gives a different chain under another key', () => {
    const other = new EventChain(new KeyRing(Buffer.alloc(32, 8)));
    expect(other.genesis('s')).not.toBe(chain.genesis('s'));
  });
});
