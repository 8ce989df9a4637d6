import { resolve } from 'node:path';
import { GantryError } from '@gantry/domain';
import { STAGES, StageName } from '@gantry/stages';

export interface StackOptions {
  /** Where the stack keeps its key, S3 objects, logs and env file. */
  dir: string;
  databaseUrl: string;
  natsUrl: string;
  stream: string;
  prefix: string;
  /** 0: the S3 server picks a free port. */
  s3Port: number;
  bucket: string;
  /** First HTTP port; replica n of all services gets base + n. 0: every service gets a free port. */
  httpPort: number;
  /** First C-STORE port of the ingest replicas; 0: free ports. */
  scpPort: number;
  replicas: Record<StageName, number>;
  /** Print the ready summary as one JSON line (for scripts and tests). */
  json: boolean;
}

export class StackUsageError extends GantryError {
  constructor(message: string) {
    super('STACK_USAGE', message);
  }
}

export const STACK_USAGE = `usage: npm run stack -- [options]
  --replicas <n | stage=n,...>  replicas per stage (default 1 each), e.g. indexer=2,redactor=3
  --dir <dir>                   key, S3 objects, logs, env file (default ./.gantry-stack)
  --database-url <url>          Postgres (default postgres://postgres@127.0.0.1:5432/gantry_stack; created if missing)
  --nats <url>                  NATS with JetStream (default nats://127.0.0.1:4222)
  --stream <name>               JetStream stream (default GANTRY_EVENTS)
  --prefix <prefix>             subject prefix (default gantry)
  --s3-port <port>              S3 server port (default 9000; 0 = any free port)
  --bucket <name>               S3 bucket (default gantry)
  --http-port <port>            first HTTP port (default 8080; 0 = free ports)
  --scp-port <port>             first C-STORE port of ingest (default 11112; 0 = free ports)
  --json                        print the ready summary as one JSON line`;

const defaults = (): StackOptions => ({
  dir: resolve('.gantry-stack'),
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/gantry_stack',
  natsUrl: 'nats://127.0.0.1:4222',
  stream: 'GANTRY_EVENTS',
  prefix: 'gantry',
  s3Port: 9000,
  bucket: 'gantry',
  httpPort: 8080,
  scpPort: 11112,
  replicas: Object.fromEntries(STAGES.map((s) => [s, 1])) as Record<StageName, number>,
  json: false,
});

function port(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new StackUsageError(`${flag} takes a port number (0-65535)`);
  return n;
}

/** `3` (every stage) or `indexer=2,redactor=3` (the others stay at 1). */
export function parseReplicas(value: string, base: Record<StageName, number>): Record<StageName, number> {
  const count = (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 16) throw new StackUsageError('a replica count is an integer from 1 to 16');
    return n;
  };
  if (/^\d+$/.test(value)) return Object.fromEntries(STAGES.map((s) => [s, count(value)])) as Record<StageName, number>;
  const out = { ...base };
  for (const part of value.split(',')) {
    const [stage, n] = part.split('=');
    if (!stage || n === undefined || !(STAGES as readonly string[]).includes(stage)) {
      throw new StackUsageError(`--replicas takes stage=n pairs with stage one of ${STAGES.join(', ')}`);
    }
    out[stage as StageName] = count(n);
  }
  return out;
}

const SETTERS: Record<string, (o: StackOptions, v: string) => void> = {
  '--replicas': (o, v) => void (o.replicas = parseReplicas(v, o.replicas)),
  '--dir': (o, v) => void (o.dir = resolve(v)),
  '--database-url': (o, v) => void (o.databaseUrl = v),
  '--nats': (o, v) => void (o.natsUrl = v),
  '--stream': (o, v) => void (o.stream = v),
  '--prefix': (o, v) => void (o.prefix = v),
  '--s3-port': (o, v) => void (o.s3Port = port('--s3-port', v)),
  '--bucket': (o, v) => void (o.bucket = v),
  '--http-port': (o, v) => void (o.httpPort = port('--http-port', v)),
  '--scp-port': (o, v) => void (o.scpPort = port('--scp-port', v)),
};

export function parseStackArgs(argv: readonly string[]): StackOptions {
  const o = defaults();
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? '';
    if (flag === '--json') {
      o.json = true;
      continue;
    }
    const set = SETTERS[flag];
    const value = argv[i + 1];
    if (!set || value === undefined) throw new StackUsageError(`unknown or incomplete option ${flag}\n${STACK_USAGE}`);
    set(o, value);
    i++;
  }
  return o;
}
