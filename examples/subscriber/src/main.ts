import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { connect, credsAuthenticator } from '@nats-io/transport-node';
import { loadContract } from './contract';
import { Received, Subscriber } from './subscriber';

/**
 * Example subscriber: receives Gantry's InstanceExported and ExportBlocked events from
 * JetStream on durables of its own, validates each against the published AsyncAPI
 * contract, and prints one JSON line per message (ids, codes and the verdict only).
 *
 *   node examples/subscriber/dist/main.js [--servers nats://…] [--stream GANTRY_EVENTS]
 *     [--prefix gantry] [--durable example-subscriber] [--contract contracts/asyncapi.yaml]
 *
 * Defaults come from GANTRY_NATS_URL, GANTRY_NATS_STREAM, GANTRY_SUBJECT_PREFIX, GANTRY_NATS_CREDS.
 */
const WANTED = ['gantry.instance.exported.v1', 'gantry.instance.export-blocked.v1'];

interface Options {
  servers: string[];
  stream: string;
  prefix: string;
  durable: string;
  contract: string;
  creds?: string;
}

function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): Options {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (!flag?.startsWith('--') || value === undefined) throw new Error(`usage: main.js [--servers s] [--stream s] [--prefix p] [--durable d] [--contract file] [--creds file]`);
    flags.set(flag.slice(2), value);
  }
  const creds = flags.get('creds') ?? env['GANTRY_NATS_CREDS'];
  return {
    servers: (flags.get('servers') ?? env['GANTRY_NATS_URL'] ?? 'nats://127.0.0.1:4222').split(','),
    stream: flags.get('stream') ?? env['GANTRY_NATS_STREAM'] ?? 'GANTRY_EVENTS',
    prefix: flags.get('prefix') ?? env['GANTRY_SUBJECT_PREFIX'] ?? 'gantry',
    durable: flags.get('durable') ?? 'example-subscriber',
    contract: resolve(flags.get('contract') ?? resolve(__dirname, '../../../contracts/asyncapi.yaml')),
    ...(creds ? { creds } : {}),
  };
}

const print = (line: object): void => void process.stdout.write(`${JSON.stringify(line)}\n`);

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2), process.env);
  const contracts = loadContract(o.contract);
  const wanted = WANTED.map((type) => {
    const contract = contracts.get(type);
    if (!contract) throw new Error(`${type} is not in ${o.contract}`);
    return contract;
  });
  const connection = await connect({ servers: o.servers, name: o.durable, ...(o.creds ? { authenticator: credsAuthenticator(readFileSync(o.creds)) } : {}) });
  const subscriber = new Subscriber({
    connection,
    stream: o.stream,
    prefix: o.prefix,
    durable: o.durable,
    contracts: wanted,
    onMessage: ({ verdict, ...r }: Received) => print({ event: 'received', ...r, valid: verdict.valid, problems: verdict.problems }),
  });
  print({ event: 'ready', durables: await subscriber.start() });
  const stop = (): void => {
    void subscriber
      .stop()
      .then(() => connection.drain())
      .then(() => print({ event: 'stopped' }));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`subscriber: ${e instanceof Error ? e.message : 'failed'}\n`);
  process.exitCode = 1;
});
