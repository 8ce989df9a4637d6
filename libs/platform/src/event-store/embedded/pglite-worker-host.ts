import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { EmbeddedPostgresError } from '../errors';
import { PgliteServerOptions, RunningPgliteServer } from './pglite-server';
import { FromPgliteWorker, isFromPgliteWorker, STOP_REQUEST } from './pglite-worker-protocol';

/** initdb on an empty directory takes several seconds; later boots well under one. */
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;

/**
 * Loads the worker entry. Built code runs the compiled .js directly; from sources (ts-jest
 * only compiles inside its own sandbox, which the worker is outside of) each .ts module is
 * transpiled with the installed TypeScript on require.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
if (workerData.typescript) {
  const ts = require(workerData.typescript);
  const fs = require('node:fs');
  const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
  require.extensions['.ts'] = (module, filename) => {
    const output = ts.transpileModule(fs.readFileSync(filename, 'utf8'), { fileName: filename, compilerOptions });
    module._compile(output.outputText, filename);
  };
}
require(workerData.entry);
`;

/** PGlite and its socket server on a worker thread. */
export class PgliteWorkerHost implements RunningPgliteServer {
  private exited = false;

  private constructor(private readonly worker: Worker) {
    worker.once('exit', () => {
      this.exited = true;
    });
  }

  static async start(options: PgliteServerOptions): Promise<PgliteWorkerHost> {
    const entry = join(__dirname, `pglite-worker${extname(__filename)}`);
    const typescript = entry.endsWith('.ts') ? require.resolve('typescript') : null;
    const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { entry, typescript, server: options } });
    const host = new PgliteWorkerHost(worker);
    try {
      await host.next(START_TIMEOUT_MS, 'ready');
    } catch (e) {
      await worker.terminate();
      throw new EmbeddedPostgresError('START_FAILED', 'the embedded database did not start', { cause: e });
    }
    return host;
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    try {
      this.worker.postMessage(STOP_REQUEST);
      await this.next(STOP_TIMEOUT_MS, 'stopped');
    } finally {
      await this.worker.terminate();
    }
  }

  /** Resolves on the expected message; a failure report, crash, exit or timeout rejects. */
  private next(timeoutMs: number, expected: 'ready' | 'stopped'): Promise<void> {
    return new Promise((resolve, reject) => {
      const cleanup = (): void => {
        clearTimeout(timer);
        this.worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      };
      const fail = (error: Error): void => {
        cleanup();
        reject(error);
      };
      const onMessage = (m: unknown): void => {
        if (!isFromPgliteWorker(m)) return;
        if (m.type === expected) {
          cleanup();
          resolve();
        } else if (m.type === 'failed') fail(workerFailure(m));
      };
      const onError = (e: Error): void => fail(e);
      const onExit = (code: number): void => fail(new Error(`PGlite worker exited with code ${code}`));
      const timer = setTimeout(() => fail(new Error(`PGlite worker sent no '${expected}' in ${timeoutMs} ms`)), timeoutMs);
      this.worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    });
  }
}

const workerFailure = (m: Extract<FromPgliteWorker, { type: 'failed' }>): Error => new Error(m.message);
