import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { STAGES, StageName } from '@gantry/stages';
import { RunningS3Server } from '@gantry/testing';
import { checkJetStream, ensureDatabase, prepareKey, stackEnv, startStackS3 } from './infrastructure';
import { freePort, Replica, ServiceSupervisor } from './service-supervisor';
import { StackOptions } from './stack-options';

export interface RunningStack {
  env: Record<string, string>;
  replicas: (Replica & { url: string })[];
  envFile: string;
  /** The live process of each replica, by `<stage>-<index>` (a restarted replica has a new one). */
  pids(): Record<string, number | undefined>;
  stop(): Promise<(number | null)[]>;
}

const READY_TIMEOUT_MS = 120_000;

/** Ports and log files of every replica: consecutive from the base ports, or free ones for 0. */
async function plan(o: StackOptions): Promise<Replica[]> {
  const replicas: Replica[] = [];
  let http = o.httpPort;
  let scp = o.scpPort;
  for (const stage of STAGES) {
    for (let index = 0; index < o.replicas[stage]; index++) {
      const httpPort = o.httpPort === 0 ? await freePort() : http++;
      const scpPort = stage !== 'ingest' ? undefined : o.scpPort === 0 ? await freePort() : scp++;
      replicas.push({ stage, index, httpPort, ...(scpPort !== undefined ? { scpPort } : {}), logFile: join(o.dir, 'logs', `${stage}-${index}.log`) });
    }
  }
  return replicas;
}

async function waitReady(url: string, deadline: number): Promise<void> {
  for (;;) {
    const ok = await fetch(`${url}/health/ready`).then((r) => r.ok, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not become ready; see its log file`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const envScript = (env: Record<string, string>): string => `${Object.entries(env).map(([k, v]) => `export ${k}='${v.replace(/'/g, `'\\''`)}'`).join('\n')}\n`;

/**
 * The distributed pipeline on this machine: every stage as its own process (replicas as
 * configured) against the real Postgres and JetStream and an S3 server run here, exactly the
 * services a cluster runs. The ingest replicas start first so they create the schema alone.
 */
export async function startStack(o: StackOptions, onExit: (r: Replica, code: number | null) => void): Promise<RunningStack> {
  await mkdir(join(o.dir, 'logs'), { recursive: true });
  await ensureDatabase(o.databaseUrl);
  await checkJetStream(o);
  const s3: RunningS3Server = await startStackS3(o);
  const env = stackEnv(o, s3, await prepareKey(o));
  const supervisor = new ServiceSupervisor(env, onExit);
  const stop = async (): Promise<(number | null)[]> => {
    const codes = await supervisor.stop();
    await s3.close();
    return codes;
  };
  try {
    const replicas = (await plan(o)).map((r) => ({ ...r, url: `http://127.0.0.1:${r.httpPort}` }));
    const deadline = Date.now() + READY_TIMEOUT_MS;
    const first = (stage: StageName): boolean => stage === 'ingest';
    for (const group of [replicas.filter((r) => first(r.stage)), replicas.filter((r) => !first(r.stage))]) {
      group.forEach((r) => supervisor.start(r));
      await Promise.all(group.map((r) => waitReady(r.url, deadline)));
    }
    const envFile = join(o.dir, 'env.sh');
    await writeFile(envFile, envScript(env), { mode: 0o600 });
    return { env, replicas, envFile, pids: () => supervisor.pids(), stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
