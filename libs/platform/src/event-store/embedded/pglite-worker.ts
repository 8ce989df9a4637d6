import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { PgliteServerOptions, RunningPgliteServer, startPgliteServer } from './pglite-server';
import { FromPgliteWorker, isStopRequest } from './pglite-worker-protocol';

/**
 * Worker entry: PGlite and its socket server run on this thread, so the WASM backend
 * never blocks the application's event loop, and it runs outside any VM sandbox (Jest's
 * cannot load PGlite's WASM modules).
 */
async function serve(options: PgliteServerOptions): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const post = (message: FromPgliteWorker): void => port.postMessage(message);
  let server: RunningPgliteServer;
  try {
    server = await startPgliteServer(options);
  } catch (e) {
    post({ type: 'failed', message: e instanceof Error ? e.message : 'PGlite did not start' });
    return;
  }
  port.on('message', (message: unknown) => {
    if (!isStopRequest(message)) return;
    server.stop().then(
      () => post({ type: 'stopped' }),
      (e: unknown) => post({ type: 'failed', message: e instanceof Error ? e.message : 'PGlite did not stop' }),
    );
  });
  post({ type: 'ready' });
}

if (!isMainThread) void serve((workerData as { server: PgliteServerOptions }).server);
