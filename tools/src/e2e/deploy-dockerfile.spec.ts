import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STAGES } from '@gantry/stages';
import { REPO_ROOT } from './support/processes';

/** A Dockerfile as instructions (continuations joined, comments dropped), split into stages. */
function parseDockerfile(text: string): { args: Map<string, string>; stages: { from: string; name?: string; lines: string[] }[] } {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const args = new Map<string, string>();
  const stages: { from: string; name?: string; lines: string[] }[] = [];
  for (const line of lines) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?$/i.exec(line);
    if (from) stages.push({ from: from[1]!, ...(from[2] ? { name: from[2] } : {}), lines: [] });
    else if (stages.length === 0 && /^ARG\s+(\w+)=(\S+)$/.test(line)) {
      const [, name, value] = /^ARG\s+(\w+)=(\S+)$/.exec(line)!;
      args.set(name!, value!);
    } else stages.at(-1)?.lines.push(line);
  }
  return { args, stages };
}

const dockerfile = parseDockerfile(readFileSync(join(REPO_ROOT, 'deploy/Dockerfile'), 'utf8'));
const entrypoint = readFileSync(join(REPO_ROOT, 'deploy/docker/gantry-entrypoint.sh'), 'utf8');
const resolveImage = (from: string): string => from.replace(/^\$\{(\w+)\}$/, (_m, name: string) => dockerfile.args.get(name) ?? from);

describe('deploy/Dockerfile (checked statically: no Docker engine here)', () => {
  it('is multi-stage, every external base being Node 24 LTS', () => {
    const names = dockerfile.stages.flatMap((s) => s.name ?? []);
    expect(dockerfile.stages.length).toBeGreaterThanOrEqual(3);
    const external = dockerfile.stages.filter((s) => !names.includes(s.from)).map((s) => resolveImage(s.from));
    expect(external.length).toBeGreaterThan(0);
    for (const image of external) expect(image).toMatch(/^node:24(\.[0-9.]+)?(-[a-z0-9-]+)?$/);
  });

  it('builds in one stage and runs from a clean one with production dependencies only', () => {
    const build = dockerfile.stages.find((s) => s.name === 'build');
    expect(build?.lines.some((l) => /tsc -b/.test(l))).toBe(true);
    const prodDeps = dockerfile.stages.find((s) => s.name === 'prod-deps');
    expect(prodDeps?.lines.some((l) => /npm ci .*--omit=dev/.test(l))).toBe(true);
    const runtime = dockerfile.stages.at(-1)!;
    expect(resolveImage(runtime.from)).toMatch(/^node:24/);
    expect(runtime.lines.some((l) => /^COPY --from=prod-deps .*node_modules/.test(l))).toBe(true);
    expect(runtime.lines.some((l) => /^RUN .*npm (ci|install)/.test(l))).toBe(false);
  });

  it('runs as a numeric non-root user through one entrypoint that starts any app by name', () => {
    const runtime = dockerfile.stages.at(-1)!;
    const user = runtime.lines.filter((l) => l.startsWith('USER ')).at(-1);
    expect(user).toMatch(/^USER [1-9][0-9]*(:[1-9][0-9]*)?$/);
    expect(runtime.lines).toContain('ENTRYPOINT ["/usr/local/bin/gantry-entrypoint"]');
    for (const app of [...STAGES, 'cli']) {
      expect(entrypoint).toMatch(new RegExp(`(^|[ |])${app}[|)]`, 'm'));
      expect(runtime.lines).toContain(`COPY --from=build /src/apps/${app}/dist apps/${app}/dist`);
    }
  });

  it('copies the manifest of every workspace package before npm ci, so the lockfile matches', () => {
    const workspaces = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
    const packages = workspaces.flatMap((w) =>
      w.endsWith('/*') ? readdirSync(join(REPO_ROOT, w.slice(0, -2)), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `${w.slice(0, -2)}/${d.name}`) : [w],
    );
    const deps = dockerfile.stages.find((s) => s.name === 'deps')!;
    for (const p of packages) expect(deps.lines).toContain(`COPY ${p}/package.json ${p}/`);
  });
});
