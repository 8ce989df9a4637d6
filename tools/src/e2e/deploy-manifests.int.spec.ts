import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { declaredConsumers, loadConfig } from '@gantry/platform';
import { STAGES, stageModule, StageName } from '@gantry/stages';
import { REPO_ROOT } from './support/processes';
import { Manifest, validateWithModels } from './support/k8s-validate';

const KUBECTL = process.env['KUBECTL'] ?? '/usr/bin/kubectl';
const OVERLAYS = ['dev', 'prod'] as const;

/** `kubectl kustomize` of an overlay, parsed. A missing kubectl fails the suite: it never skips. */
function render(overlay: string): Manifest[] {
  if (!existsSync(KUBECTL)) throw new Error(`kubectl (with kustomize) is required at ${KUBECTL}`);
  const yaml = execFileSync(KUBECTL, ['kustomize', join(REPO_ROOT, 'deploy/k8s/overlays', overlay)], { maxBuffer: 32 * 1024 * 1024 }).toString('utf8');
  return parseAllDocuments(yaml).map((d) => {
    if (d.errors.length) throw new Error(`${overlay}: ${d.errors.map((e) => e.message).join('; ')}`);
    return d.toJS() as Manifest;
  });
}

/**
 * kustomize folds long base64 Secret values over several lines. The API server's decoder
 * (Go's encoding/base64) ignores line breaks, the models' `byte` format does not: unfold.
 */
function unfoldSecretData(m: Manifest): Manifest {
  if (m.kind !== 'Secret' || typeof m['data'] !== 'object' || m['data'] === null) return m;
  const data = Object.fromEntries(Object.entries(m['data'] as Record<string, string>).map(([k, v]) => [k, v.replace(/\s+/g, '')]));
  return { ...m, data };
}

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- walking parsed YAML in a test

const rendered = Object.fromEntries(OVERLAYS.map((o) => [o, render(o)])) as Record<(typeof OVERLAYS)[number], Manifest[]>;
const ofKind = (ms: Manifest[], kind: string): Obj[] => ms.filter((m) => m.kind === kind) as Obj[];
const configMap = (ms: Manifest[], prefix: string): Record<string, string> =>
  (ofKind(ms, 'ConfigMap').find((c) => String(c['metadata'].name).startsWith(prefix))?.['data'] ?? {}) as Record<string, string>;
const stageOf = (deployment: Obj): StageName => String(deployment['metadata'].name).replace(/^gantry-/, '') as StageName;

/** What the code binds: the @StageEvent consumers of each stage module, read by reflection. */
const config = loadConfig({}, { cwd: REPO_ROOT });
const declared = Object.fromEntries(
  STAGES.map((s) => [s, declaredConsumers(stageModule(s, config, { http: false, scp: false })).map((d) => d.consumer).sort()]),
) as Record<StageName, string[]>;

describe.each(OVERLAYS)('deploy/k8s/overlays/%s', (overlay) => {
  const manifests = rendered[overlay];
  const deployments = ofKind(manifests, 'Deployment');

  it('renders only manifests that kubernetes-models and @kubernetes-models/keda validate', () => {
    const verdicts = validateWithModels(manifests.map(unfoldSecretData));
    expect(verdicts.filter((v) => v.result === 'invalid')).toEqual([]);
    const unmodelled = verdicts.filter((v) => v.result === 'no-model').map((v) => v.kind);
    expect([...new Set(unmodelled)].sort()).toEqual(overlay === 'prod' ? ['PodMonitor', 'PrometheusRule'] : []);
    expect(verdicts.filter((v) => v.kind === 'ScaledObject' && v.result === 'valid')).toHaveLength(5);
  });

  it('runs each of the six apps as a Deployment with a Service, from the one image, by app argument', () => {
    expect(deployments.filter((d) => d['metadata'].labels['app.kubernetes.io/part-of'] === 'gantry').map(stageOf).sort()).toEqual([...STAGES].sort());
    const entrypoint = readFileSync(join(REPO_ROOT, 'deploy/docker/gantry-entrypoint.sh'), 'utf8');
    for (const d of deployments.filter((x) => STAGES.includes(stageOf(x)))) {
      const [container] = d['spec'].template.spec.containers as Obj[];
      expect(container!['args']).toEqual([stageOf(d)]);
      expect(entrypoint).toMatch(new RegExp(`\\b${stageOf(d)}\\|`));
      const service = ofKind(manifests, 'Service').find((s) => s['metadata'].name === d['metadata'].name);
      expect(service?.['spec'].selector).toEqual(d['spec'].selector.matchLabels);
    }
  });

  it('hardens every Gantry pod: probes, resources, non-root, read-only root, no capabilities, config and secrets', () => {
    for (const d of deployments.filter((x) => STAGES.includes(stageOf(x)))) {
      const pod = d['spec'].template.spec as Obj;
      const [c] = pod['containers'] as Obj[];
      expect({ app: stageOf(d), live: c!['livenessProbe'].httpGet.path, ready: c!['readinessProbe'].httpGet.path }).toEqual({ app: stageOf(d), live: '/health/live', ready: '/health/ready' });
      for (const r of ['cpu', 'memory']) expect([c!['resources'].requests[r], c!['resources'].limits[r]].every(Boolean)).toBe(true);
      expect(pod['securityContext']).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
      expect(c!['securityContext']).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
      expect(pod['automountServiceAccountToken']).toBe(false);
      expect(String(c!['envFrom'][0].configMapRef.name)).toMatch(/^gantry-config/);
      const secrets = [...(c!['env'] as Obj[]).flatMap((e) => e['valueFrom']?.secretKeyRef?.name ?? []), ...(pod['volumes'] as Obj[]).flatMap((v) => v['secret']?.secretName ?? [])];
      expect(secrets.map((s: string) => s.replace(/-[a-z0-9]{10}$/, '')).sort()).toEqual(['gantry-database', 'gantry-keys', 'gantry-nats', 'gantry-s3', 'gantry-s3'].sort());
    }
  });

  it('scales every worker stage with KEDA on exactly the JetStream consumers its code declares', () => {
    const stream = configMap(manifests, 'gantry-config')['GANTRY_NATS_STREAM'];
    const keda = configMap(manifests, 'gantry-keda');
    const scaled = Object.fromEntries(
      ofKind(manifests, 'ScaledObject').map((so) => {
        const triggers = so['spec'].triggers as Obj[];
        for (const t of triggers) {
          expect(t['type']).toBe('nats-jetstream');
          expect(t['metadata']).toMatchObject({ stream, natsServerMonitoringEndpoint: keda['natsServerMonitoringEndpoint'], account: keda['account'] });
          expect(Number(t['metadata'].lagThreshold)).toBeGreaterThan(0);
        }
        return [String(so['spec'].scaleTargetRef.name).replace(/^gantry-/, ''), triggers.map((t) => String(t['metadata'].consumer)).sort()];
      }),
    );
    const workers = STAGES.filter((s) => s !== 'ingest');
    expect(Object.keys(scaled).sort()).toEqual([...workers].sort());
    for (const stage of workers) expect({ stage, consumers: scaled[stage] }).toEqual({ stage, consumers: declared[stage] });
    expect(declared.ingest).toEqual([]);
    const hpa = ofKind(manifests, 'HorizontalPodAutoscaler');
    expect(hpa.map((h) => [h['spec'].scaleTargetRef.name, h['spec'].metrics[0].resource.name])).toEqual([['gantry-ingest', 'cpu']]);
  });

  if (overlay === 'dev') {
    it('brings NATS with JetStream (and the monitoring port KEDA reads), Postgres and MinIO into the cluster', () => {
      const sets = Object.fromEntries(ofKind(manifests, 'StatefulSet').map((s) => [s['metadata'].name, s['spec'].template.spec.containers[0]]));
      expect(Object.keys(sets).sort()).toEqual(['minio', 'nats', 'postgres']);
      expect(sets['nats'].args).toEqual(expect.arrayContaining(['--jetstream', '--http_port', '8222']));
      const cfg = configMap(manifests, 'gantry-config');
      expect([cfg['GANTRY_NATS_URL'], cfg['GANTRY_S3_ENDPOINT']]).toEqual(['nats://nats:4222', 'http://minio:9000']);
      expect(configMap(manifests, 'gantry-keda')['natsServerMonitoringEndpoint']).toBe('nats.gantry-dev.svc.cluster.local:8222');
      expect(ofKind(manifests, 'Secret').map((s) => String(s['metadata'].name).replace(/-[a-z0-9]{10}$/, '')).sort()).toEqual(
        ['gantry-database', 'gantry-keys', 'gantry-s3', 'minio-credentials', 'postgres-credentials'],
      );
    });
  } else {
    it('uses external NATS (with credentials), Postgres and S3, behind default-deny NetworkPolicies', () => {
      expect(ofKind(manifests, 'StatefulSet')).toEqual([]);
      expect(ofKind(manifests, 'Secret')).toEqual([]);
      const cfg = configMap(manifests, 'gantry-config');
      expect(cfg['GANTRY_NATS_URL']).toMatch(/^tls:\/\//);
      expect(cfg['GANTRY_NATS_CREDS']).toBe('/var/run/secrets/gantry/nats/user.creds');
      expect(cfg['GANTRY_S3_ENDPOINT']).toMatch(/^https:\/\//);
      const policies = ofKind(manifests, 'NetworkPolicy');
      const deny = policies.find((p) => p['metadata'].name === 'default-deny');
      expect(deny?.['spec']).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
      expect(policies.some((p) => p['spec'].egress?.some((e: Obj) => e['ports'].some((port: Obj) => port['port'] === 53)))).toBe(true);
      const platform = policies.find((p) => p['metadata'].name === 'gantry-platform-egress');
      expect(platform?.['spec'].egress[0].ports.map((p: Obj) => p['port']).sort((a: number, b: number) => a - b)).toEqual([443, 4222, 5432]);
    });
  }
});
