import { CONFIG_CHANGED, CONFIG_STREAM, defaultConfig, newEvent } from '@gantry/domain';
import { EventStore, GantryConfig, GantryLogger, PermanentError, RetryableError } from '@gantry/platform';
import type { ConfigChangedEvent } from './config-events';
import { HeldInstancesService } from './held-instances.service';
import { RedactorConfigHandler } from './redactor-config.handler';
import { ReleaseService } from './release.service';

/* The release loop's own logic (superseded events, the per-delivery budget, one bad instance) with fakes. */

const change = (version: number): ConfigChangedEvent =>
  newEvent({ type: CONFIG_CHANGED, source: 'test', subject: CONFIG_STREAM, data: { version, hash: 'a'.repeat(64), config: defaultConfig() as unknown as Record<string, unknown>, cause: 'REDACTION_RULES_APPLIED' as const } });

const quiet = { info: () => undefined, debug: () => undefined, warn: () => undefined };

function handler(latest: ConfigChangedEvent, keys: string[], reevaluate: (key: string) => Promise<'released' | 'held' | 'not-held'>) {
  const store = { readStream: async () => [{ event: latest }] } as unknown as EventStore;
  const held = { heldBefore: jest.fn(async () => keys) } as unknown as HeldInstancesService;
  const release = { reevaluate: jest.fn(async (_e: unknown, _c: unknown, key: string) => reevaluate(key)) } as unknown as ReleaseService;
  const config = { delivery: { ackWaitMs: 1_000 } } as GantryConfig;
  const logger = { forContext: () => quiet } as unknown as GantryLogger;
  return { h: new RedactorConfigHandler(release, held, store, config, logger), held, release };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('RedactorConfigHandler', () => {
  it('does nothing for a ConfigChanged that a newer one superseded', async () => {
    const { h, held } = handler(change(3), ['k1'], async () => 'released');
    await h.onConfigChanged(change(2));
    expect(held.heldBefore).not.toHaveBeenCalled();
  });

  it('re-evaluates every held instance under the latest ConfigChanged', async () => {
    const v = change(2);
    const seen: string[] = [];
    const { h } = handler(v, ['k1', 'k2', 'k3'], async (k) => (seen.push(k), k === 'k2' ? 'held' : 'released'));
    await h.onConfigChanged(v);
    expect(seen.sort()).toEqual(['k1', 'k2', 'k3']);
  });

  it('hands what is left after its budget back to the bus as a retry (RELEASE_CONTINUES)', async () => {
    const v = change(2);
    const keys = Array.from({ length: 40 }, (_, i) => `k${i}`);
    const { h, release } = handler(v, keys, async () => (await sleep(300), 'released'));
    await expect(h.onConfigChanged(v)).rejects.toMatchObject({ code: 'RELEASE_CONTINUES' });
    await expect(h.onConfigChanged(v)).rejects.toBeInstanceOf(RetryableError);
    const calls = (release.reevaluate as jest.Mock).mock.calls.length;
    expect(calls).toBeGreaterThan(8);
    expect(calls).toBeLessThan(80);
  });

  it('lets one instance that can never be re-evaluated stay held without failing the others', async () => {
    const v = change(2);
    const done: string[] = [];
    const { h } = handler(v, ['bad', 'good'], async (k) => {
      if (k === 'bad') throw new PermanentError('BLOB_MISSING', 'raw blob missing');
      done.push(k);
      return 'released';
    });
    await h.onConfigChanged(v);
    expect(done).toEqual(['good']);
  });
});
