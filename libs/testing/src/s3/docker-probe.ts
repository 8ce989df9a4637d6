import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';

type Target = { socketPath: string } | { host: string; port: number };

/**
 * Whether a Docker engine answers `/_ping` within `timeoutMs`. Testcontainers itself may
 * take long to give up on a machine without one; this answers quickly either way.
 */
export async function isDockerReachable(timeoutMs = 1_500): Promise<boolean> {
  for (const target of dockerTargets()) {
    if (await ping(target, timeoutMs)) return true;
  }
  return false;
}

function dockerTargets(): Target[] {
  const dockerHost = process.env['DOCKER_HOST'];
  if (dockerHost !== undefined && dockerHost !== '') {
    if (dockerHost.startsWith('unix://')) return [{ socketPath: dockerHost.slice('unix://'.length) }];
    const url = URL.canParse(dockerHost) ? new URL(dockerHost.replace(/^tcp:/, 'http:')) : undefined;
    // Pinged without TLS client certificates: a TLS-only engine reads as unreachable (then s3rver is used).
    return url === undefined ? [] : [{ host: url.hostname, port: Number(url.port || 2375) }];
  }
  const runtime = process.env['XDG_RUNTIME_DIR'];
  const sockets = [
    '/var/run/docker.sock',
    join(homedir(), '.docker/run/docker.sock'),
    join(homedir(), '.docker/desktop/docker.sock'),
    ...(runtime ? [join(runtime, 'docker.sock'), join(runtime, 'podman/podman.sock')] : []),
  ];
  return sockets.filter((s) => existsSync(s)).map((socketPath) => ({ socketPath }));
}

function ping(target: Target, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ ...target, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}
