import { Readable } from 'node:stream';
import { readUpTo } from './stream-bytes';

describe('readUpTo', () => {
  it('stops after length bytes and destroys the source', async () => {
    let produced = 0;
    const source = new Readable({
      read() {
        produced += 1;
        this.push(Buffer.alloc(10, produced));
      },
    });
    const bytes = await readUpTo(source, 25);
    expect(bytes).toEqual(Buffer.concat([Buffer.alloc(10, 1), Buffer.alloc(10, 2), Buffer.alloc(5, 3)]));
    expect(source.destroyed).toBe(true);
    expect(produced).toBeLessThan(10);
  });

  it('returns what there is when the source is shorter', async () => {
    await expect(readUpTo(Readable.from([Buffer.from('abc')]), 10)).resolves.toEqual(Buffer.from('abc'));
  });
});
