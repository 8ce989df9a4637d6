import { loadOrCreateKey } from '@gantry/platform';

/**
 * Creates the deployment key if it does not exist yet, and then says so on stderr. The
 * platform would create it too, but its warning goes to the log file, which the operator
 * of a terminal command does not read: losing this key means pseudonyms and opaque keys
 * can never be reproduced, so the request to back it up must reach them.
 */
export async function ensureDeploymentKey(keyFile: string): Promise<void> {
  await loadOrCreateKey(keyFile, {
    log: () => undefined,
    warn: (message) => process.stderr.write(`gantry: WARNING: ${message}\n`),
  });
}
