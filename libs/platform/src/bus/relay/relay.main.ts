import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { isGantryError, KeyRing } from '@gantry/domain';
import { loadConfig } from '../../config';
import { createEventStore } from '../../event-store';
import { errorLabel } from '../error-label';
import { runRelay } from './run-relay';

/**
 * Standalone relay process: `node libs/platform/dist/bus/relay/relay.main.js`, configured
 * by the usual GANTRY_* variables (Postgres and NATS required), plus
 * GANTRY_RELAY_BATCH_SIZE and GANTRY_RELAY_LEADER=0 to publish without leader election.
 * Prints `relay ready` once publishing may start; SIGTERM/SIGINT stop it gracefully.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const { database, bus } = config;
  if (database.kind !== 'postgres' || bus.kind !== 'jetstream') {
    throw new Error('the relay needs GANTRY_DATABASE_URL and GANTRY_NATS_URL');
  }
  // The relay only reads events; it never appends, so the hash-chain key is never used.
  // A throwaway key keeps the deployment secret out of this process.
  const store = await createEventStore({ url: database.url }, new KeyRing(randomBytes(32)), { schema: database.schema, poolSize: 2 });
  const batchSize = Number(process.env['GANTRY_RELAY_BATCH_SIZE'] ?? 500);
  const handle = await runRelay({
    store,
    servers: bus.servers,
    credsFile: bus.credsFile,
    stream: bus.stream,
    prefix: bus.subjectPrefix,
    leader: process.env['GANTRY_RELAY_LEADER'] === '0' ? undefined : { connection: database.url, name: `gantry:relay:${bus.stream}` },
    tuning: { batchSize },
  });
  process.stdout.write('relay ready\n');
  const stop = (): void => {
    void handle
      .stop()
      .then(() => store.close())
      .then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    // GantryError messages (a ConfigError naming bad variables) are data-free by contract.
    new Logger('EventRelay').error(`relay failed to start: ${isGantryError(error) ? error.message : errorLabel(error)}`);
    process.exit(1);
  });
}
