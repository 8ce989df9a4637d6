import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { METRIC_LABELS, MetricsService } from '@gantry/platform';
import { REPO_ROOT } from './support/processes';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- walking parsed YAML/JSON in a test

const rules = parseAllDocuments(readFileSync(join(REPO_ROOT, 'deploy/prometheus/gantry-rules.yaml'), 'utf8')).map((d) => d.toJS() as Obj);
const podMonitor = parseAllDocuments(readFileSync(join(REPO_ROOT, 'deploy/prometheus/pod-monitor.yaml'), 'utf8'))[0]!.toJS() as Obj;
const dashboard = JSON.parse(readFileSync(join(REPO_ROOT, 'deploy/grafana/gantry-pipeline.json'), 'utf8')) as Obj;

/** Series names the services expose: every registered metric, histograms with their suffixes. */
async function exposedSeries(): Promise<Set<string>> {
  const metrics = await new MetricsService().registry.getMetricsAsJSON();
  return new Set(metrics.flatMap((m) => (m.type === 'histogram' ? ['_bucket', '_sum', '_count'].map((s) => `${m.name}${s}`) : [m.name])));
}

/** Gantry metric names and label matchers used in a PromQL expression. */
function namesIn(expr: string): { metrics: string[]; matchedLabels: string[] } {
  const metrics = [...expr.matchAll(/\b(gantry_[a-z0-9_]+)\b/g)].map((m) => m[1]!);
  const matchedLabels = [...expr.matchAll(/\{([^}]*)\}/g)].flatMap((m) => [...m[1]!.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)/g)].map((l) => l[1]!));
  return { metrics, matchedLabels };
}

/** Labels the code attaches (stage, outcome) plus those Prometheus adds to every scraped series. */
const ALLOWED_LABELS = new Set<string>([...METRIC_LABELS, 'namespace', 'pod', 'job', 'instance', 'le']);

function checkExpr(expr: string, exposed: Set<string>): void {
  const { metrics, matchedLabels } = namesIn(expr);
  expect({ expr, metrics: metrics.length > 0 }).toEqual({ expr, metrics: true });
  expect({ expr, unknown: metrics.filter((m) => !exposed.has(m)) }).toEqual({ expr, unknown: [] });
  expect({ expr, labels: matchedLabels.filter((l) => !ALLOWED_LABELS.has(l)) }).toEqual({ expr, labels: [] });
  for (const by of expr.matchAll(/\b(?:by|on)\s*\(([^)]*)\)/g)) {
    expect(by[1]!.split(',').map((l) => l.trim()).filter((l) => !ALLOWED_LABELS.has(l))).toEqual([]);
  }
}

describe('deploy/prometheus: PrometheusRule and PodMonitor', () => {
  it('is one PrometheusRule of the Prometheus Operator shape, each alert with expr, severity, summary and runbook', () => {
    expect(rules).toHaveLength(1);
    const rule = rules[0]!;
    expect([rule['apiVersion'], rule['kind'], rule['metadata']?.name]).toEqual(['monitoring.coreos.com/v1', 'PrometheusRule', 'gantry']);
    const groups = rule['spec'].groups as Obj[];
    expect(groups.length).toBeGreaterThan(0);
    for (const g of groups) {
      expect(typeof g['name']).toBe('string');
      for (const r of g['rules'] as Obj[]) {
        expect(Object.keys(r).every((k) => ['alert', 'expr', 'for', 'labels', 'annotations'].includes(k))).toBe(true);
        expect(r['alert']).toMatch(/^Gantry[A-Za-z]+$/);
        expect(typeof r['expr']).toBe('string');
        if (r['for'] !== undefined) expect(r['for']).toMatch(/^[0-9]+[smh]$/);
        expect(['info', 'warning', 'critical']).toContain(r['labels'].severity);
        expect(Object.keys(r['annotations']).sort()).toEqual(['description', 'runbook_url', 'summary']);
      }
    }
  });

  it('alerts on dead-letter growth, lag, blocked exports and a stalled relay', () => {
    const alerts = Object.fromEntries((rules[0]!['spec'].groups as Obj[]).flatMap((g) => g['rules'] as Obj[]).map((r) => [r['alert'], String(r['expr'])]));
    expect(alerts['GantryDeadLettersGrowing']).toContain('outcome="dead_letter"');
    expect(alerts['GantryConsumerLagHigh']).toContain('gantry_consumer_lag_messages');
    expect(alerts['GantryExportsBlocked']).toContain('gantry_blocked_total');
    expect(alerts['GantryRelayStalled']).toContain('gantry_relay_lag_events');
  });

  it('uses only metrics the services register, and only stage/outcome labels', async () => {
    const exposed = await exposedSeries();
    for (const g of rules[0]!['spec'].groups as Obj[]) for (const r of g['rules'] as Obj[]) checkExpr(String(r['expr']), exposed);
  });

  it('scrapes every Gantry pod on its http port at /metrics', () => {
    expect([podMonitor['apiVersion'], podMonitor['kind']]).toEqual(['monitoring.coreos.com/v1', 'PodMonitor']);
    expect(podMonitor['spec'].selector.matchLabels).toEqual({ 'app.kubernetes.io/part-of': 'gantry' });
    expect(podMonitor['spec'].podMetricsEndpoints).toEqual([expect.objectContaining({ port: 'http', path: '/metrics' })]);
  });
});

describe('deploy/grafana: the dashboard', () => {
  it('is a Grafana dashboard whose every panel queries metrics the services register', async () => {
    expect(dashboard).toMatchObject({ uid: 'gantry-pipeline', title: 'Gantry pipeline', schemaVersion: expect.any(Number) as unknown });
    const exposed = await exposedSeries();
    const panels = dashboard['panels'] as Obj[];
    expect(new Set(panels.map((p) => p['id'])).size).toBe(panels.length);
    const queried = new Set<string>();
    for (const p of panels) {
      expect(['timeseries', 'stat']).toContain(p['type']);
      expect(p['gridPos']).toEqual({ x: expect.any(Number), y: expect.any(Number), w: expect.any(Number), h: expect.any(Number) } as unknown);
      for (const t of p['targets'] as Obj[]) {
        checkExpr(String(t['expr']), exposed);
        namesIn(String(t['expr'])).metrics.forEach((m) => queried.add(m.replace(/_(bucket|sum|count)$/, '')));
      }
    }
    const gantryMetrics = [...exposed].filter((m) => m.startsWith('gantry_')).map((m) => m.replace(/_(bucket|sum|count)$/, ''));
    expect([...new Set(gantryMetrics)].filter((m) => !queried.has(m))).toEqual([]);
  });
});
