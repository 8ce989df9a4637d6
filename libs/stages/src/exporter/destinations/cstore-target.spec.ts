import { CStoreDestination } from '@gantry/domain';
import { AssociationFailure, BatchStatuses, isStored } from './cstore-association';
import { CStoreTarget } from './cstore-target';
import { ExportItem } from './export-target';

const destination: CStoreDestination = { name: 'pacs', kind: 'cstore', host: 'h', port: 104, calledAe: 'PACS', callingAe: 'GANTRY', maxRetries: 2, batch: 3 };

const item = (n: number): ExportItem => ({
  key: String(n).padStart(32, '0'), bytes: new Uint8Array(1), sha256: '0'.repeat(64), location: `a/b/${n}`,
  sopClassUid: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUid: `2.25.${n}`, transferSyntaxUid: '1.2.840.10008.1.2.1',
});

/** A fake association: records each batch it was given and answers with `status(item)`. */
function fakeSend(status: (i: ExportItem) => number | undefined, failures: AssociationFailure[] = []) {
  const batches: string[][] = [];
  const send = async (_d: CStoreDestination, items: readonly ExportItem[]): Promise<BatchStatuses> => {
    batches.push(items.map((i) => i.location));
    const failure = failures.shift();
    if (failure) throw failure;
    return new Map(items.map((i) => [i, status(i)]));
  };
  return { send, batches };
}

describe('CStoreTarget (association batching, retries, statuses)', () => {
  it('sends concurrent writes over shared associations of at most `batch` objects', async () => {
    const fake = fakeSend(() => 0x0000);
    const target = new CStoreTarget(destination, fake.send);
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => target.write(item(n))));
    expect(results.map((r) => r.location)).toEqual(['a/b/1', 'a/b/2', 'a/b/3', 'a/b/4', 'a/b/5']);
    expect(fake.batches).toEqual([['a/b/1', 'a/b/2', 'a/b/3'], ['a/b/4', 'a/b/5']]);
  });

  it('retries a failed association up to maxRetries within the delivery', async () => {
    const fake = fakeSend(() => 0x0000, [new AssociationFailure('CSTORE_NETWORK'), new AssociationFailure('CSTORE_NETWORK')]);
    const target = new CStoreTarget(destination, fake.send);
    await expect(target.write(item(1))).resolves.toEqual({ location: 'a/b/1' });
    expect(fake.batches).toHaveLength(3);
  }, 20_000);

  it('then fails as retryable with the association code, and any non-stored status likewise', async () => {
    const refused = fakeSend(() => 0x0000, [1, 2, 3].map(() => new AssociationFailure('CSTORE_REJECTED')));
    await expect(new CStoreTarget(destination, refused.send).write(item(1))).rejects.toMatchObject({ code: 'CSTORE_REJECTED', name: 'DestinationUnavailableError' });
    const statuses = fakeSend((i) => (i.location === 'a/b/2' ? 0xa700 : i.location === 'a/b/3' ? undefined : 0xb000));
    const target = new CStoreTarget(destination, statuses.send);
    const settled = await Promise.allSettled([1, 2, 3].map((n) => target.write(item(n))));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(settled[1]).toMatchObject({ reason: { code: 'CSTORE_FAILED', message: expect.stringContaining('status 0xa700') } });
    expect(settled[2]).toMatchObject({ reason: { message: expect.stringContaining('no response') } });
  }, 20_000);

  it('counts success and the storing warnings as stored', () => {
    expect([0x0000, 0x0001, 0x0107, 0x0116, 0xb000, 0xb007].every(isStored)).toBe(true);
    expect([0xa700, 0xa900, 0xc000, 0x0110, undefined].some(isStored)).toBe(false);
  });
});
